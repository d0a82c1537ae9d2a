using StreamDrift.TestSupport;
using Xunit.Abstractions;

namespace StreamDrift.Redis.Tests.Topology;

/// <summary>
/// A real primary, replica and three sentinels per test, scheduled reconciles off: after the sentinels switch the
/// primary (a SIGKILL under churn, or a graceful SENTINEL FAILOVER) the live count equals the new primary's true
/// count, the new primary carries the flags (merged on the replica beforehand), the switch is a gap, and the old
/// primary, back as a replica, is never counted.
/// </summary>
public class SentinelFailoverTests(ITestOutputHelper output)
{
    private const string Prefix = "sess:";

    [Fact]
    public async Task SigkillOfThePrimary_UnderChurn_CountFollowsTheNewPrimary()
    {
        await using var deployment = await RedisSentinels.StartAsync();
        await using var run = await SentinelRun.StartAsync(deployment, Prefix);
        // Merged on the replica beforehand, so the promotion starts with them.
        Assert.Contains("K", await FlagsAsync(deployment.DataNodes[1].Endpoint), StringComparison.Ordinal);

        string promoted;
        await using (var churn = Churn.Start(run.Writer.GetDatabase(), Prefix, ClusterTruth.Mix with { Filler = false }))
        {
            await Eventually.Until(() => churn.Writes > 5_000, Eventually.DefaultDeadline, "churn before the kill");
            var failover = TimeProvider.System.GetUtcNow();
            promoted = await deployment.KillPrimaryAsync();
            await run.UntilSwitchedAsync();
            // The figure for the README: failover to a count repaired from the new primary, under churn.
            output.WriteLine($"failover figure: SIGKILL to repaired count {(await run.RepairedAfterAsync(failover)).TotalSeconds:F2} s (switch seen after {(run.Watcher.LastTopologyChange!.Value - failover).TotalSeconds:F2} s)");
            var writes = churn.Writes;
            await Eventually.Until(() => churn.Writes > writes + 5_000, Eventually.DefaultDeadline, () => $"churn on the new primary {promoted}: {churn.Writes - writes} writes, {churn.FailedBatches} failed batches");
        }

        await run.UntilExactAsync(promoted);
        Assert.True(run.Watcher.GetMetrics().Gaps > 0, "the switch is a gap");
        Assert.Contains("K", await FlagsAsync(promoted), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GracefulSentinelFailover_UnderChurn_OldPrimaryReturningAsReplicaIsNeverCounted()
    {
        await using var deployment = await RedisSentinels.StartAsync();
        await using var run = await SentinelRun.StartAsync(deployment, Prefix);
        var old = await deployment.PrimaryAsync();

        string promoted;
        await using (var churn = Churn.Start(run.Writer.GetDatabase(), Prefix, ClusterTruth.Mix with { Filler = false }))
        {
            await Eventually.Until(() => churn.Writes > 5_000, Eventually.DefaultDeadline, "churn before the failover");
            var failover = TimeProvider.System.GetUtcNow();
            promoted = await deployment.FailoverAsync();
            await run.UntilSwitchedAsync();
            // The figure for the README: failover to a count repaired from the new primary, under churn.
            output.WriteLine($"failover figure: SENTINEL FAILOVER to repaired count {(await run.RepairedAfterAsync(failover)).TotalSeconds:F2} s (switch seen after {(run.Watcher.LastTopologyChange!.Value - failover).TotalSeconds:F2} s)");
            var writes = churn.Writes;
            await Eventually.Until(() => churn.Writes > writes + 5_000, Eventually.DefaultDeadline, () => $"churn on the new primary {promoted}: {churn.Writes - writes} writes, {churn.FailedBatches} failed batches");
        }

        // The churn's last short-TTL keys (300 ms) expire after it stops: the count may be exact with them and drop by
        // them later (a CI run read 1,075 here, then 1,001 after one more write). Once a scan finds none left, the
        // count no longer moves on its own.
        await Eventually.Until(async () => (await RedisCluster.Cli(promoted, "--scan", "--pattern", $"{Prefix}t*")).Trim().Length == 0,
            Eventually.DefaultDeadline, "the churn's short-TTL keys expired");
        await run.UntilExactAsync(promoted);
        // The old primary holds the same keys as a replica and publishes events for every replicated write:
        // counting it too would double the figure.
        await Eventually.Until(() => run.Watcher.GetNodeMetrics().Any(n => n.Node == old && n.Role == "replica"), Eventually.DefaultDeadline,
            () => string.Join(",", run.Watcher.GetNodeMetrics()));
        Assert.Equal(0, await SubscribedPatternsAsync(old));
        Assert.True(run.Watcher.GetMetrics().Gaps > 0, "the switch is a gap");
        Assert.Contains("K", await FlagsAsync(promoted), StringComparison.Ordinal);
        // Still exact after a few more events on the new primary (the replica's copies of them are not counted).
        var before = run.Watcher.Counter.Value;
        await run.Writer.GetDatabase().StringSetAsync($"{Prefix}after-the-switch", "v");
        await Eventually.Until(() => run.Watcher.Counter.Value == before + 1, Eventually.DefaultDeadline, () => $"live {run.Watcher.Counter.Value}, expected {before + 1}");
        await run.UntilExactAsync(promoted);
    }

    private static Task<string> FlagsAsync(string endpoint) => RedisCluster.Cli(endpoint, "CONFIG", "GET", "notify-keyspace-events");

    private static async Task<int> SubscribedPatternsAsync(string endpoint) =>
        int.Parse((await RedisCluster.Cli(endpoint, "PUBSUB", "NUMPAT")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
}
