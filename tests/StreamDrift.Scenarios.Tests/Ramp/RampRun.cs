using System.Text.Json;
using StreamDrift.TestSupport;
using StreamDrift.TestSupport.Scenarios;

namespace StreamDrift.Scenarios.Tests.Ramp;

/// <summary>
/// Runs the ramp store end to end as the reporter did: its own redis-server, the built <c>streamdrift run</c>
/// at the default sensitivity (2 s windows, session TTL 20 s, reconcile every 10 s, users from a JSON-lines file),
/// and <see cref="RampStorefront"/> opening with no traffic. A fault run stops at its first alert.
/// </summary>
internal static class RampRun
{
    /// <summary>
    /// The xunit collection every ramp scenario runs in, one after another: each times a rise from zero against
    /// the wall clock, and four at once on a loaded CI host starved each other's storefront and connector (a bot
    /// wave once judged no window at all).
    /// </summary>
    public const string Collection = "ramp";

    public static async Task<RampResult> RunAsync(RampFault fault, TimeSpan faultAt, TimeSpan duration)
    {
        var dir = Directory.CreateTempSubdirectory("streamdrift-ramp-");
        try
        {
            var usersPath = Path.Combine(dir.FullName, "users.jsonl");
            var sinkPath = Path.Combine(dir.FullName, "out.jsonl");
            await File.WriteAllTextAsync(usersPath, "");
            await using var redis = await RedisServer.StartAsync();
            await using var process = StreamDriftProcess.Start(
            [
                "run", "--store", RampStorefront.StoreId, "--redis", redis.Endpoint, "--prefix", "sess:",
                "--users", "file:" + usersPath, "--kafka", "none", "--sink", "jsonl:" + sinkPath,
                "--window", "2s", "--grace", "2s", "--session-ttl", "20s", "--reconcile-every", "10s", "--metrics-port", "0",
            ]);
            // The first closed window proves the pipeline is subscribed and seeded before the shop opens.
            await Eventually.Until(() => process.HasExited || Read(sinkPath).Windows.Count > 0, TimeSpan.FromSeconds(90), () => $"no first window; streamdrift stderr: {process.StandardError}");
            Assert.False(process.HasExited, $"streamdrift exited early: {process.StandardError}{process.StandardOutput}");

            using var mux = await redis.ConnectAsync();
            await using var users = new StreamWriter(new FileStream(usersPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
            var opened = TimeProvider.System.GetUtcNow();
            var shop = new RampStorefront(mux.GetDatabase(), mux.GetServers()[0], fault, faultAt, sample => users.WriteLine(JsonSerializer.Serialize(sample, JsonSerializerOptions.Web)));
            var alerted = false;
            var lastCheck = opened;
            await shop.RunAsync(duration, () =>
            {
                // A fault run ends at its first alert (read at most once a second: the sink is a file).
                var now = TimeProvider.System.GetUtcNow();
                if (fault != RampFault.None && now - lastCheck >= TimeSpan.FromSeconds(1))
                {
                    lastCheck = now;
                    alerted = Read(sinkPath).Alerts.Exists(a => a.Transition.Equals("opened", StringComparison.OrdinalIgnoreCase));
                }

                return alerted;
            });

            if (!alerted)
            {
                // Windows close a grace period after their end: wait for the last full window of the shop.
                var last = opened + duration - TimeSpan.FromSeconds(4);
                await Eventually.Until(() => Read(sinkPath).Windows.Exists(w => w.WindowStart >= last), TimeSpan.FromSeconds(30), () => $"no last window; streamdrift stderr: {process.StandardError}");
            }

            await process.TerminateAsync();
            await process.WaitForExitAsync(TimeSpan.FromSeconds(30));
            var (windows, alerts) = Read(sinkPath);
            return new RampResult(opened, opened + faultAt, windows, alerts, Warnings(process.StandardOutput + process.StandardError));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static (List<ObservationLine> Windows, List<AlertLine> Alerts) Read(string path) => SinkFile.Read(path);

    /// <summary>The log lines a failure message needs: streamdrift's warnings and errors, the last 40 of them.</summary>
    private static string Warnings(string log) =>
        string.Join(" | ", log.Split('\n').Where(l => l.Contains("warn:", StringComparison.Ordinal) || l.Contains("fail:", StringComparison.Ordinal) || l.Contains("crit:", StringComparison.Ordinal)).TakeLast(40));
}
