using StreamDrift.TestSupport;

namespace StreamDrift.Cli.Tests.EndToEnd;

/// <summary><c>streamdrift replay</c> on a recording committed with the tests (written by <c>run --record</c>).</summary>
public class ReplayTests
{
    // 90 s of a storefront whose shared instance hit maxmemory under allkeys-lru after 45 s, recorded live
    // with 2 s windows (run --record against the load generator's EvictionStorm@45-70).
    private static readonly string Recording = Path.Combine(AppContext.BaseDirectory, "EndToEnd", "Recordings", "eviction-storm.jsonl");

    [Fact]
    public async Task Replay_OfACommittedRecording_IsByteIdenticalTwice_AndNamesTheEviction()
    {
        var dir = Directory.CreateTempSubdirectory("streamdrift-replay-");
        try
        {
            var first = Path.Combine(dir.FullName, "first.jsonl");
            var second = Path.Combine(dir.FullName, "second.jsonl");
            string[] judging = ["--window", "2s", "--grace", "2s", "--session-ttl", "30s"];

            var a = await StreamDriftExecutable.RunAsync(["replay", "--input", Recording, "--output", first, .. judging]);
            var b = await StreamDriftExecutable.RunAsync(["replay", "--input", Recording, "--output", second, .. judging]);

            Assert.Equal(0, a.ExitCode);
            Assert.Equal(0, b.ExitCode);
            var bytes = await File.ReadAllBytesAsync(first);
            Assert.True(bytes.Length > 1000);
            Assert.Equal(bytes, await File.ReadAllBytesAsync(second));
            var lines = await File.ReadAllLinesAsync(first);
            Assert.Contains(lines, l => l.Contains("\"transition\":\"OPENED\"", StringComparison.Ordinal) && l.Contains("\"cause\":\"SESSIONS_EVICTED\"", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.Contains("\"transition\":\"RESOLVED\"", StringComparison.Ordinal));
            Assert.Contains("windows, 2 alert transitions", a.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Replay_WithAMissingInput_PrintsOneLineAndExits2()
    {
        var result = await StreamDriftExecutable.RunAsync(["replay", "--input", "/nonexistent/recording.jsonl"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("streamdrift: input file '/nonexistent/recording.jsonl' not found" + Environment.NewLine, result.StandardError);
    }
}
