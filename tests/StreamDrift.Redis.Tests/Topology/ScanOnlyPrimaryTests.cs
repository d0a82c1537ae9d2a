using StackExchange.Redis;
using StreamDrift.TestSupport;

namespace StreamDrift.Redis.Tests.Topology;

/// <summary>
/// SCAN-only mode per primary, on a real 3-primary, 3-replica cluster whose ACL user may not run CONFIG on one
/// primary (as on a managed service that hides CONFIG on some nodes): the watcher starts, says in one line which
/// node and which flags, counts that primary by its own scans and the others live from their events.
/// </summary>
public class ScanOnlyPrimaryTests
{
    private const string Prefix = "sess:";

    [Fact]
    public async Task ConfigRefusedOnOnePrimary_ThatPrimaryIsCountedBySCANOnly_TheOthersLive_AndTheCountIsExact()
    {
        await using var cluster = await RedisCluster.StartAsync(3);
        var refusing = (await cluster.PrimariesAsync())[1];
        foreach (var node in cluster.Endpoints)
        {
            await RedisCluster.Cli(node, "ACL", "SETUSER", "storefront", "on", ">secret", "~*", "&*", "+@all", node == refusing ? "-config" : "+config");
        }
        // Its operator set some flags there, not all: it publishes deletions but not creations, which would drag a
        // live count down if its events were counted.
        await RedisCluster.Cli(refusing, "CONFIG", "SET", "notify-keyspace-events", "Kgx");
        await using var admin = await cluster.ConnectAsync();
        await using var connection = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
        {
            EndPoints = { cluster.Nodes[0].Endpoint },
            User = "storefront",
            Password = "secret",
            AllowAdmin = true,
            AbortOnConnectFail = false,
        });
        var log = new CapturingLogger<StoreWatcher>();

        await using var watcher = await StoreWatcher.StartAsync(
            connection, WatcherFactory.Options(Prefix, o => o.ScanOnlyInterval = TimeSpan.FromSeconds(1)), TimeProvider.System, log);
        await Eventually.Until(() => watcher.LastReconcile is not null, Eventually.DefaultDeadline, "the seed");
        await using (var churn = Churn.Start(ClusterTruth.Database(admin), Prefix, ClusterTruth.Mix with { TolerateFailures = false }))
        {
            await Eventually.Until(() => churn.Writes > 20_000, Eventually.DefaultDeadline, "churn.Writes > 20_000");
        }

        Assert.Equal([refusing], watcher.ScanOnlyPrimaries);
        var line = Assert.Single(log.Lines, l => l.Contains("counted by paced SCAN only", StringComparison.Ordinal));
        Assert.Contains(refusing, line, StringComparison.Ordinal);
        Assert.Contains("'Kngxe$h'", line, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", line, StringComparison.Ordinal);
        long truth = -1;
        await Eventually.Until(async () => watcher.SessionKeys == (truth = await ClusterTruth.CountAsync(cluster, Prefix)), Eventually.DefaultDeadline,
            () => $"watcher {watcher.SessionKeys} (live {watcher.Counter.Value}) vs true {truth}; {watcher.GetMetrics()}");
        var nodes = watcher.GetNodeMetrics();
        Assert.True(nodes.Single(n => n.Node == refusing).ScanOnly);
        Assert.Equal(2, nodes.Count(n => n.Role == "primary" && !n.ScanOnly));
        // The live primaries' events moved the count; the refusing one's deletions did not.
        Assert.True(watcher.GetMetrics().Events.New > 0);
        Assert.Equal(0, watcher.GetMetrics().Gaps);
    }
}
