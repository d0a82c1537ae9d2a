using System.Globalization;
using StreamDrift.Storefront;

namespace StreamDrift.TestSupport.Scenarios;

/// <summary>
/// Runs one scenario end to end: its own redis-server, the built <c>streamdrift run</c> (with its embedded
/// Kafka and a JSON-lines sink), and the storefront simulator in this process feeding users through a
/// file, then reads back every observation and alert.
/// </summary>
public static class ScenarioRunner
{
    public const string StoreId = "scenario";

    /// <summary>Connector cadence: several samples per 1 s window, so no window is left without users by jitter.</summary>
    private static readonly TimeSpan ReportEvery = TimeSpan.FromMilliseconds(250);

    public static async Task<ScenarioResult> RunAsync(ScenarioSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var dir = Directory.CreateTempSubdirectory("streamdrift-scenario-");
        try
        {
            var usersPath = Path.Combine(dir.FullName, "users.jsonl");
            var sinkPath = Path.Combine(dir.FullName, "out.jsonl");
            await File.WriteAllTextAsync(usersPath, "", cancellationToken).ConfigureAwait(false);
            await using var redis = await RedisServer.StartAsync().ConfigureAwait(false);
            await using var process = StreamDriftProcess.Start(Arguments(spec, redis.Endpoint, usersPath, sinkPath));
            // The first closed window proves the pipeline is subscribed and seeded before the shop opens.
            await WaitUntilAsync(() => process.HasExited || SinkFile.Read(sinkPath).Observations.Count > 0, TimeSpan.FromSeconds(90), "the first observation", process).ConfigureAwait(false);
            if (process.HasExited)
            {
                throw new InvalidOperationException($"streamdrift exited early: {process.StandardError}{process.StandardOutput}");
            }

            using var mux = await redis.ConnectAsync().ConfigureAwait(false);
            using var users = new UsersFileWriter(usersPath);
            var options = new StorefrontOptions
            {
                StoreId = StoreId,
                SteadyShoppers = spec.Shoppers,
                Seed = spec.Seed,
                SessionTtl = spec.SessionTtl,
                ReportEvery = ReportEvery,
                Faults = spec.Fault == Fault.None ? [] : [new FaultWindow(spec.Fault, spec.FaultFrom, spec.FaultUntil)],
            };
            var start = DateTimeOffset.UtcNow;
            await new StorefrontSimulator(mux, options, users.Write, TimeProvider.System).RunAsync(spec.Duration, cancellationToken).ConfigureAwait(false);

            // Windows close a grace period after their end: wait for the last full window of the run.
            var lastWindow = start + spec.Duration - (2 * spec.Window);
            await WaitUntilAsync(() => SinkFile.Read(sinkPath).Observations.Exists(o => o.WindowStart >= lastWindow), TimeSpan.FromSeconds(30), "the last window", process).ConfigureAwait(false);
            await process.TerminateAsync().ConfigureAwait(false);
            await process.WaitForExitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            var (observations, alerts) = SinkFile.Read(sinkPath);
            return new ScenarioResult(spec, start, observations, alerts);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static List<string> Arguments(ScenarioSpec spec, string redis, string usersPath, string sinkPath) =>
    [
        "run", "--store", StoreId, "--redis", redis, "--prefix", "sess:",
        "--users", "file:" + usersPath, "--kafka", "embedded", "--sink", "jsonl:" + sinkPath,
        "--window", Seconds(spec.Window), "--grace", "1s", "--session-ttl", Seconds(spec.SessionTtl), "--metrics-port", "0",
        "--sensitivity", spec.Sensitivity,
        // Scaled like the windows: TTL samples (taken at each reconcile) must be fresh within a few windows,
        // and a silent connector must go stale within a few windows, not the production default's minutes.
        "--reconcile-every", "5s", "--stale-after", "3s",
    ];

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString(CultureInfo.InvariantCulture) + "s";

    private static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what, StreamDriftProcess process) =>
        Eventually.Until(condition, timeout, () => $"no {what}; streamdrift stderr: {process.StandardError}");
}
