using System.Text.Json;
using StreamDrift.Cli.Sinks;
using StreamDrift.Core.Alerts;
using StreamDrift.Kafka.Tests;

namespace StreamDrift.Cli.Tests.Sinks;

public class JsonLinesSinkTests
{
    private static TrackedWindow WithAlert(TrackedWindow window) => window with { Alert = TestData.Alert("eu") };

    [Fact]
    public async Task WriteAsync_WritesTheObservationLine_ThenTheAlertLine_FlushedPerLine()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sink-{Guid.NewGuid():N}.jsonl");
        try
        {
            await using (var sink = new JsonLinesSink(path))
            {
                await sink.WriteAsync(TestData.Window("eu", 0), CancellationToken.None);
                // Flushed per line: readable before the sink is closed.
                Assert.Single(File.ReadAllLines(path));
                await sink.WriteAsync(WithAlert(TestData.Window("eu", 1)), CancellationToken.None);
            }

            var lines = File.ReadAllLines(path);
            Assert.Equal(3, lines.Length);
            using var observation = JsonDocument.Parse(lines[1]);
            var o = observation.RootElement;
            Assert.Equal("type", o.EnumerateObject().First().Name);
            Assert.Equal("observation", o.GetProperty("type").GetString());
            Assert.Equal("eu", o.GetProperty("storeId").GetString());
            Assert.Equal(TestData.T0.AddMinutes(2).ToUnixTimeMilliseconds(), o.GetProperty("windowEnd").GetInt64());
            Assert.Equal("ALERTING", o.GetProperty("state").GetString());
            Assert.Equal("SESSIONS_EVICTED", o.GetProperty("cause").GetString());
            Assert.Equal("allkeys-lru", o.GetProperty("health").GetProperty("maxMemoryPolicy").GetString());
            using var alert = JsonDocument.Parse(lines[2]);
            var a = alert.RootElement;
            Assert.Equal("alert", a.GetProperty("type").GetString());
            Assert.Equal("OPENED", a.GetProperty("transition").GetString());
            Assert.Equal(0.99, a.GetProperty("evidence").GetProperty("memory_used_ratio").GetDouble());
            Assert.Equal(["Move sessions to a dedicated Redis.", "Use volatile-lru."], a.GetProperty("mitigations").EnumerateArray().Select(e => e.GetString()));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task WriteAsync_AppendsToAnExistingFile_AndWritesNonFiniteDoublesAsNames()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sink-{Guid.NewGuid():N}.jsonl");
        try
        {
            await File.WriteAllTextAsync(path, "{\"type\":\"observation\"}\n");
            var window = TestData.Window("eu", 0);
            window = window with { Verdict = window.Verdict with { RobustZ = double.NaN } };
            await using (var sink = new JsonLinesSink(path))
            {
                await sink.WriteAsync(window, CancellationToken.None);
            }

            var lines = File.ReadAllLines(path);
            Assert.Equal(2, lines.Length);
            using var doc = JsonDocument.Parse(lines[1]);
            Assert.Equal("NaN", doc.RootElement.GetProperty("robustZ").GetString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task CreateMode_ReplacesTheFile_AndStreamMode_LeavesTheStreamOpen()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sink-{Guid.NewGuid():N}.jsonl");
        try
        {
            await File.WriteAllTextAsync(path, "old line\n");
            await using (var sink = new JsonLinesSink(path, FileMode.Create))
            {
                await sink.WriteAsync(TestData.Window("eu", 0), CancellationToken.None);
            }
            Assert.StartsWith("{\"type\":\"observation\"", Assert.Single(File.ReadAllLines(path)), StringComparison.Ordinal);

            using var stream = new MemoryStream();
            await using (var sink = new JsonLinesSink(stream))
            {
                await sink.WriteAsync(TestData.Window("eu", 0), CancellationToken.None);
            }
            Assert.True(stream.CanWrite);
            Assert.Equal(File.ReadAllText(path), System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
