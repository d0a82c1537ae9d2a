using StackExchange.Redis;
using StreamDrift.Redis.Scanning;
using StreamDrift.TestSupport;

namespace StreamDrift.Redis.Tests.Topology;

/// <summary>The truth in a test cluster: the sum of quiet SCANs of every primary, through a fresh connection.</summary>
internal static class ClusterTruth
{
    public static async Task<long> CountAsync(RedisCluster cluster, string prefix)
    {
        await using var connection = await cluster.ConnectAsync();
        long total = 0;
        foreach (var primary in await cluster.PrimariesAsync())
        {
            var scanner = new ServerPageScanner(connection.GetServer(primary), 0, TimeProvider.System, useScript: false);
            total += (await ServerKeyCounter.CountAsync(scanner, [prefix], 1000)).Keys;
        }
        return total;
    }

    /// <summary>Waits until the watcher's live count equals the truth read at that moment; fails saying both and who is subscribed where.</summary>
    public static async Task UntilMatchesAsync(StoreWatcher watcher, RedisCluster cluster, string prefix, CapturingLogger<StoreWatcher> log)
    {
        long truth = -1;
        var patterns = "";
        await Eventually.Until(async () =>
        {
            truth = await CountAsync(cluster, prefix);
            if (watcher.Counter.Value == truth)
            {
                return true;
            }
            patterns = await PatternsAsync(cluster);
            return false;
        }, Eventually.DefaultDeadline, () => $"live {watcher.Counter.Value} vs true {truth}; {patterns}; log:\n{string.Join("\n", log.Lines.Where(l => !l.Contains("Debug", StringComparison.Ordinal)).TakeLast(30))}");
    }

    /// <summary>For failure messages: PUBSUB NUMPAT per primary (who is subscribed where).</summary>
    public static async Task<string> PatternsAsync(RedisCluster cluster)
    {
        var parts = new List<string>();
        foreach (var node in cluster.Endpoints)
        {
            parts.Add($"{node}: numpat {(await RedisCluster.Cli(node, "PUBSUB", "NUMPAT")).Trim()}");
        }
        return string.Join("; ", parts);
    }

    public static ChurnMix Mix => new()
    {
        BatchSize = 100,
        DeleteLag = 500,
        ShortTtl = TimeSpan.FromMilliseconds(300),
        Filler = true,
        TolerateFailures = true,
        PauseBetweenBatches = TimeSpan.FromMilliseconds(5),
    };

    public static IDatabase Database(IConnectionMultiplexer connection) => connection.GetDatabase(0);
}
