using StreamDrift.TestSupport;


namespace StreamDrift.Redis.Tests.Topology;

/// <summary>
/// A real 3-primary, 3-replica cluster per test, scheduled reconciles off (the interval is an hour): the live
/// count must equal the sum of the primaries' true counts after churn over every slot, and after the topology
/// changes under it (a shard's failover, a reshard with keys, a fourth primary).
/// </summary>
public class ClusterCountingTests
{
    private const string Prefix = "sess:";

    // Small enough that the filler evicts keys on every primary while the churn runs.
    private static readonly string[] Evicting = ["--maxmemory", "3mb", "--maxmemory-policy", "allkeys-lru"];

    [Fact]
    public async Task Churn_AcrossAllSlots_LiveCountEqualsSumOfPrimaries_FromEventsAlone()
    {
        await using var cluster = await RedisCluster.StartAsync(3, Evicting);
        await using var connection = await cluster.ConnectAsync();
        var log = new CapturingLogger<StoreWatcher>();
        await using var watcher = await StoreWatcher.StartAsync(connection, WatcherFactory.Options(Prefix), TimeProvider.System, log);
        await Eventually.Until(() => watcher.LastReconcile is not null, Eventually.DefaultDeadline, "watcher.LastReconcile is not null");
        var reconcilesAfterSeed = watcher.GetMetrics().Reconciles;

        await using (var churn = Churn.Start(ClusterTruth.Database(connection), Prefix, ClusterTruth.Mix with { TolerateFailures = false }))
        {
            await Eventually.Until(() => churn.Writes > 30_000, Eventually.DefaultDeadline, "churn.Writes > 30_000");
        }

        await ClusterTruth.UntilMatchesAsync(watcher, cluster, Prefix, log);
        var metrics = watcher.GetMetrics();
        Assert.True(metrics.Events.Evicted > 0, "the churn evicted nothing: the test would not cover evictions");
        Assert.True(metrics.Events.Expired > 0);
        // From events alone: no gap, no reconcile after the seed.
        Assert.True(metrics.Gaps == 0, string.Join("\n", log.Lines));
        Assert.True(reconcilesAfterSeed == metrics.Reconciles, $"{reconcilesAfterSeed} reconciles after the seed, {metrics.Reconciles} at the end:\n" + string.Join("\n", log.Lines));
        var nodes = watcher.GetNodeMetrics();
        Assert.Equal(6, nodes.Count);
        Assert.Equal(3, nodes.Count(n => n.Role == "primary"));
    }

    [Fact]
    public async Task ClusterFailover_OfOneShard_UnderChurn_CountIsExactAgainAfterOneReconcile()
    {
        await using var cluster = await RedisCluster.StartAsync(3);
        await using var connection = await cluster.ConnectAsync();
        var log = new CapturingLogger<StoreWatcher>();
        await using var watcher = await StoreWatcher.StartAsync(connection, WatcherFactory.Options(Prefix), TimeProvider.System, log);
        await Eventually.Until(() => watcher.LastReconcile is not null, Eventually.DefaultDeadline, "watcher.LastReconcile is not null");

        string promoted;
        await using (var churn = Churn.Start(ClusterTruth.Database(connection), Prefix, ClusterTruth.Mix))
        {
            await Eventually.Until(() => churn.Writes > 10_000, Eventually.DefaultDeadline, "churn.Writes > 10_000");
            promoted = await cluster.FailoverAsync((await cluster.PrimariesAsync())[0]);
            await Eventually.Until(() => watcher.GetMetrics().TopologyChanges > 0, Eventually.DefaultDeadline, "the watcher did not see the failover");
            var writes = churn.Writes;
            await Eventually.Until(() => churn.Writes > writes + 10_000, Eventually.DefaultDeadline, "churn.Writes > writes + 10_000");
        }

        await ClusterTruth.UntilMatchesAsync(watcher, cluster, Prefix, log);
        Assert.True(watcher.GetMetrics().Gaps > 0, "the failover is a gap");
        Assert.Contains(watcher.GetNodeMetrics(), n => n.Node == promoted && n.Role == "primary");
        Assert.Contains("K", await ConfigAsync(promoted), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reshard_ThousandSlotsWithKeys_UnderChurn_MigrateIsNeitherLostNorDoubleCounted()
    {
        await using var cluster = await RedisCluster.StartAsync(3);
        await using var connection = await cluster.ConnectAsync();
        var log = new CapturingLogger<StoreWatcher>();
        await using var watcher = await StoreWatcher.StartAsync(connection, WatcherFactory.Options(Prefix), TimeProvider.System, log);
        await Eventually.Until(() => watcher.LastReconcile is not null, Eventually.DefaultDeadline, "watcher.LastReconcile is not null");
        var reconciles = watcher.GetMetrics().Reconciles;

        await using (var churn = Churn.Start(ClusterTruth.Database(connection), Prefix, ClusterTruth.Mix with { DeleteLag = 20_000 }))
        {
            await Eventually.Until(() => churn.Writes > 20_000, Eventually.DefaultDeadline, "churn.Writes > 20_000");
            var primaries = await cluster.PrimariesAsync();
            await cluster.ReshardAsync(primaries[0], primaries[1], 1000);
        }

        await ClusterTruth.UntilMatchesAsync(watcher, cluster, Prefix, log);
        // The moved keys were followed by their events (del on the source, new on the target), not by a rescan.
        Assert.Equal(reconciles, watcher.GetMetrics().Reconciles);
        Assert.True(watcher.GetMetrics().Events.Del > 0);
    }

    [Fact]
    public async Task FourthPrimary_AddedAndRebalanced_UnderChurn_IsFollowedWithoutRestart()
    {
        await using var cluster = await RedisCluster.StartAsync(3);
        await using var connection = await cluster.ConnectAsync();
        var log = new CapturingLogger<StoreWatcher>();
        await using var watcher = await StoreWatcher.StartAsync(connection, WatcherFactory.Options(Prefix), TimeProvider.System, log);
        await Eventually.Until(() => watcher.LastReconcile is not null, Eventually.DefaultDeadline, "watcher.LastReconcile is not null");

        string added;
        await using (var churn = Churn.Start(ClusterTruth.Database(connection), Prefix, ClusterTruth.Mix with { DeleteLag = 5_000 }))
        {
            await Eventually.Until(() => churn.Writes > 10_000, Eventually.DefaultDeadline, "churn.Writes > 10_000");
            added = await cluster.AddPrimaryAndRebalanceAsync();
            await Eventually.Until(() => watcher.GetNodeMetrics().Any(n => n.Node == added && n.Role == "primary"), Eventually.DefaultDeadline, "the watcher did not pick up the added primary");
            var writes = churn.Writes;
            await Eventually.Until(() => churn.Writes > writes + 10_000, Eventually.DefaultDeadline, "churn.Writes > writes + 10_000");
        }

        await ClusterTruth.UntilMatchesAsync(watcher, cluster, Prefix, log);
        await Eventually.Until(() => watcher.GetNodeMetrics().Single(n => n.Node == added).SessionKeys > 0, Eventually.DefaultDeadline, "watcher.GetNodeMetrics().Single(n => n.Node == added).SessionKeys > 0");
        Assert.Contains("K", await ConfigAsync(added), StringComparison.Ordinal);
    }

    private static Task<string> ConfigAsync(string endpoint) => RedisCluster.Cli(endpoint, "CONFIG", "GET", "notify-keyspace-events");
}
