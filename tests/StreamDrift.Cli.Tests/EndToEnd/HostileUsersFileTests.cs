using System.Globalization;
using StreamDrift.Cli.Tests.Metrics;
using StreamDrift.Core.Samples;
using StreamDrift.TestSupport;

namespace StreamDrift.Cli.Tests.EndToEnd;

/// <summary>
/// Issue 16, findings 1 and 7, as an operator met them: the built executable with a real redis-server and a
/// users file that a hostile or broken connector appends to. A line with invalid UTF-8 must be a counted
/// rejection (it crashed the process, and every restart crashed again), and rejected samples must change only
/// the rejection counters: no gauge set to their values, no series for store ids that are not configured.
/// </summary>
public class HostileUsersFileTests
{
    [Fact]
    public async Task InvalidUtf8InALine_IsACountedRejection_AndTheProcessLivesOn()
    {
        await using var run = await HostileRun.StartAsync();
        byte[] badStoreId = [.. "{\"storeId\":\"sh"u8, 0xC3, 0x28, .. "op\",\"connector\":\"c\",\"activeUsers\":1,\"activeWindowSeconds\":60,\"observedAt\":\"2026-11-02T10:00:00Z\"}"u8];
        byte[] badConnector = [.. "{\"storeId\":\"shop\",\"connector\":\"c"u8, 0xFF, .. "\",\"activeUsers\":1,\"activeWindowSeconds\":60,\"observedAt\":\"2026-11-02T10:00:00Z\"}"u8];
        var good = new ActiveUsersSample("shop", "shopify", 120, 300, DateTimeOffset.UtcNow);

        run.Append(badStoreId, badConnector, ActiveUsersSampleJson.Serialize(good));
        var metrics = await run.UntilAsync(m => m.GetValueOrDefault("streamdrift_active_users{store=\"shop\"}") == 120);

        Assert.Equal(2, metrics["streamdrift_input_rejected_total{reason=\"malformed_json\"}"]);
    }

    [Fact]
    public async Task RejectedSamples_ChangeOnlyTheRejectionCounters_AndUnknownStoresAddNoSeries()
    {
        await using var run = await HostileRun.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var good = new ActiveUsersSample("shop", "shopify", 120, 300, now);
        var lines = new List<byte[]>
        {
            ActiveUsersSampleJson.Serialize(good),
            ActiveUsersSampleJson.Serialize(good with { ActiveUsers = -5, ObservedAt = now.AddMilliseconds(1) }),
            ActiveUsersSampleJson.Serialize(good with { ActiveUsers = 777_777, ObservedAt = now.AddHours(1) }),
            ActiveUsersSampleJson.Serialize(good with { StoreId = new string('x', 30_000), ObservedAt = now.AddMilliseconds(2) }),
        };
        lines.AddRange(Enumerable.Range(0, 300).Select(i => ActiveUsersSampleJson.Serialize(good with { StoreId = $"bogus-{i}", ActiveUsers = 1000 + i })));

        run.Append([.. lines]);
        var metrics = await run.UntilAsync(m =>
            m.GetValueOrDefault("streamdrift_input_rejected_total{reason=\"unknown_store\"}") >= 301
            && m.GetValueOrDefault("streamdrift_input_rejected_total{reason=\"negative_count\"}") >= 1
            && m.GetValueOrDefault("streamdrift_input_rejected_total{reason=\"future_event_time\"}") >= 1);
        var text = await run.MetricsTextAsync();

        Assert.Equal(120, metrics["streamdrift_active_users{store=\"shop\"}"]);
        Assert.Equal(301, metrics["streamdrift_input_rejected_total{reason=\"unknown_store\"}"]);
        var storeLabels = metrics.Keys.Where(k => k.Contains("store=", StringComparison.Ordinal)).Select(StoreLabel).Distinct();
        Assert.Equal(["shop"], storeLabels);
        Assert.True(text.Length < 16_000, $"/metrics is {text.Length} bytes");
    }

    private static string StoreLabel(string series)
    {
        var start = series.IndexOf("store=\"", StringComparison.Ordinal) + 7;
        return series[start..series.IndexOf('"', start)];
    }

    /// <summary><c>streamdrift run</c> of store <c>shop</c> on its own redis-server, following a users file the test appends to.</summary>
    private sealed class HostileRun : IAsyncDisposable
    {
        private readonly RedisServer _redis;
        private readonly StreamDriftProcess _process;
        private readonly HttpClient _http;
        private readonly DirectoryInfo _directory;

        private HostileRun(RedisServer redis, StreamDriftProcess process, HttpClient http, DirectoryInfo directory)
        {
            _redis = redis;
            _process = process;
            _http = http;
            _directory = directory;
        }

        private string UsersPath => Path.Combine(_directory.FullName, "users.jsonl");

        public static async Task<HostileRun> StartAsync()
        {
            var redis = await RedisServer.StartAsync();
            var directory = Directory.CreateTempSubdirectory("streamdrift-hostile-");
            var usersPath = Path.Combine(directory.FullName, "users.jsonl");
            await File.WriteAllTextAsync(usersPath, "");
            var port = FreePort.Next();
            // Grace 30 s: a loaded machine must not turn the good sample into a late one.
            var process = StreamDriftProcess.Start(
            [
                "run", "--store", "shop", "--redis", redis.Endpoint, "--users", "file:" + usersPath, "--kafka", "none",
                "--window", "1s", "--grace", "30s", "--metrics-port", port.ToString(CultureInfo.InvariantCulture),
            ]);
            var run = new HostileRun(redis, process, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") }, directory);
            // Samples are joined with the count as of their event time: wait until counts flow.
            await run.UntilAsync(m => m.ContainsKey("streamdrift_session_keys{store=\"shop\"}"));
            return run;
        }

        public void Append(params byte[][] lines)
        {
            using var users = new FileStream(UsersPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            foreach (var line in lines)
            {
                users.Write(line);
                users.WriteByte((byte)'\n');
            }
        }

        public Task<string> MetricsTextAsync() => _http.GetStringAsync(new Uri("metrics", UriKind.Relative));

        /// <summary>Scrapes until the condition holds; fails at once if the process died, or at the deadline.</summary>
        public async Task<Dictionary<string, double>> UntilAsync(Func<Dictionary<string, double>, bool> condition)
        {
            var deadline = DateTimeOffset.UtcNow.AddSeconds(90);
            while (true)
            {
                Assert.False(_process.HasExited, $"streamdrift exited: {_process.StandardError}");
                Dictionary<string, double>? metrics = null;
                try
                {
                    metrics = MetricsEndpointTests.ParseSamples(await MetricsTextAsync());
                }
                catch (HttpRequestException) when (DateTimeOffset.UtcNow <= deadline)
                {
                    // The endpoint is not listening yet.
                }

                if (metrics is not null && condition(metrics))
                {
                    return metrics;
                }

                Assert.True(DateTimeOffset.UtcNow <= deadline, $"metrics never met the condition: {string.Join(", ", metrics ?? [])}");
                await Task.Delay(200);
            }
        }

        public async ValueTask DisposeAsync()
        {
            _http.Dispose();
            await _process.DisposeAsync();
            await _redis.DisposeAsync();
            _directory.Delete(recursive: true);
        }
    }
}
