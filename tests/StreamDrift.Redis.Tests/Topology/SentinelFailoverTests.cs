using StackExchange.Redis;
using StreamDrift.TestSupport;

namespace StreamDrift.Redis.Tests.Topology;

/// <summary>
/// A real primary, replica and three sentinels per test, scheduled reconciles off: after the sentinels switch the
/// primary (a SIGKILL under churn, or a graceful SENTINEL FAILOVER) the live count equals the new primary's true
/// count, the new primary carries the flags (merged on the replica beforehand), and the switch is a gap.
/// </summary>
public class SentinelFailoverTests
{
    private const string Prefix = "sess:";

    [Fact]
    public async Task SigkillOfThePrimary_UnderChurn_CountFollowsTheNewPrimary()
    {
        await using var deployment = await RedisSentinels.StartAsync();
        await using var connection = await deployment.ConnectAsync();
        var log = new CapturingLogger<StoreWatcher>();
        await using var watcher = await StoreWatcher.StartAsync(connection, WatcherFactory.Options(Prefix), TimeProvider.System, log);
        await Eventually.Until(() => watcher.LastReconcile is not null, Eventually.DefaultDeadline, "the seed reconcile");
        // Merged on the replica beforehand, so the promotion starts with them.
        Assert.Contains("K", await FlagsAsync(deployment.DataNodes[1].Endpoint), StringComparison.Ordinal);

        string promoted;
        await using (var churn = Churn.Start(connection.GetDatabase(), Prefix, ClusterTruth.Mix with { Filler = false }))
        {
            await Eventually.Until(() => churn.Writes > 5_000, Eventually.DefaultDeadline, "churn before the kill");
            promoted = await deployment.KillPrimaryAsync();
            await Eventually.Until(() => watcher.GetMetrics().TopologyChanges > 0, Eventually.DefaultDeadline, () => string.Join("\n", log.Lines));
            var writes = churn.Writes;
            await Eventually.Until(() => churn.Writes > writes + 5_000, Eventually.DefaultDeadline, "churn on the new primary");
        }

        await UntilExactAsync(watcher, promoted, log);
        Assert.True(watcher.GetMetrics().Gaps > 0, "the switch is a gap");
        Assert.Contains("K", await FlagsAsync(promoted), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GracefulSentinelFailover_UnderChurn_OldPrimaryReturningAsReplicaIsNeverCounted()
    {
        await using var deployment = await RedisSentinels.StartAsync();
        await using var connection = await deployment.ConnectAsync();
        var log = new CapturingLogger<StoreWatcher>();
        await using var watcher = await StoreWatcher.StartAsync(connection, WatcherFactory.Options(Prefix), TimeProvider.System, log);
        await Eventually.Until(() => watcher.LastReconcile is not null, Eventually.DefaultDeadline, "the seed reconcile");
        var old = await deployment.PrimaryAsync();

        string promoted;
        await using (var churn = Churn.Start(connection.GetDatabase(), Prefix, ClusterTruth.Mix with { Filler = false }))
        {
            await Eventually.Until(() => churn.Writes > 5_000, Eventually.DefaultDeadline, "churn before the failover");
            promoted = await deployment.FailoverAsync();
            await Eventually.Until(() => watcher.GetMetrics().TopologyChanges > 0, Eventually.DefaultDeadline, () => string.Join("\n", log.Lines));
            var writes = churn.Writes;
            await Eventually.Until(() => churn.Writes > writes + 5_000, Eventually.DefaultDeadline, "churn on the new primary");
        }

        await UntilExactAsync(watcher, promoted, log);
        // The old primary holds the same keys as a replica: counting it too would double the figure.
        await Eventually.Until(() => watcher.GetNodeMetrics().Any(n => n.Node == old && n.Role == "replica"), Eventually.DefaultDeadline,
            () => string.Join(",", watcher.GetNodeMetrics()));
        Assert.True(watcher.GetMetrics().Gaps > 0, "the switch is a gap");
    }

    private static async Task UntilExactAsync(StoreWatcher watcher, string primary, CapturingLogger<StoreWatcher> log)
    {
        long truth = -1;
        await Eventually.Until(async () =>
        {
            await using var direct = await ConnectionMultiplexer.ConnectAsync($"{primary},allowAdmin=true");
            truth = (await SessionKeyScanner.ScanAsync(direct.GetServer(primary), 0, Prefix, 1000, TimeSpan.Zero, TimeProvider.System)).Keys;
            return watcher.Counter.Value == truth;
        }, Eventually.DefaultDeadline, () => $"live {watcher.Counter.Value} vs {primary}'s true {truth}; log:\n{string.Join("\n", log.Lines.TakeLast(30))}");
    }

    private static Task<string> FlagsAsync(string endpoint) => RedisCluster.Cli(endpoint, "CONFIG", "GET", "notify-keyspace-events");
}
