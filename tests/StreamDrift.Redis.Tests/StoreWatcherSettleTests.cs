using System.Collections.Concurrent;
using StreamDrift.Core.Signals;
using StreamDrift.Redis.Scanning;
using StreamDrift.TestSupport;
using Xunit.Abstractions;

namespace StreamDrift.Redis.Tests;

/// <summary>
/// A gap under churn must end: the count re-centred on a scan and called settled once what the overlapping events
/// can explain is below materiality, however slow the scans (a loaded machine) and however long the churn goes on.
/// </summary>
public class StoreWatcherSettleTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("flags switched off")]
    [InlineData("subscriber killed")]
    public async Task GapUnderChurn_WithSlowScans_SettlesWhileTheChurnGoesOn_AndTheCountIsExactAfterwards(string loss)
    {
        await using var server = await RedisServer.StartAsync();
        await using var connection = await server.ConnectAsync();
        await using var other = await server.ConnectAsync();
        // Five thousand other keys scanned a hundred per page at a 10 % duty cycle: each scan overlaps a good hundred
        // milliseconds of the churn, as every scan does on a loaded machine.
        var filler = other.GetDatabase().CreateBatch();
        var writes = Enumerable.Range(0, 5_000).Select(i => filler.StringSetAsync($"filler:{i}", "x")).ToList();
        filler.Execute();
        await Task.WhenAll(writes);
        await using var watcher = await WatcherFactory.StartAsync(connection, WatcherFactory.Options("sess:", o =>
        {
            o.ReconcilePacing = new ScanPacing { InitialCount = 100, MinCount = 100, MaxCount = 100, DutyCycle = 0.1 };
            o.MaxFollowUpDelay = TimeSpan.FromSeconds(2);
            o.SubscriptionCheckInterval = TimeSpan.FromMilliseconds(200);
        }));
        await Eventually.Until(() => watcher.LastReconcile is not null, Eventually.DefaultDeadline, "the seed");
        var results = new ConcurrentQueue<ReconcileResult>();
        using var _ = watcher.Reconciled.Subscribe(results.Enqueue);
        var snapshots = new ConcurrentQueue<StoreSnapshot>();
        using var __ = watcher.Snapshots.Subscribe(snapshots.Enqueue);
        string Story() => $"{watcher.GetMetrics()}; reconciles: {string.Join(" | ", results.Select(r => $"{r.Reason}: bound {r.UncertaintyBound}, correction {r.Correction}, {r.Elapsed.TotalMilliseconds:F0} ms"))}";

        await using (var churn = Churn.Start(other.GetDatabase(), "sess:", new ChurnMix
                     {
                         BatchSize = 2, DeleteLag = 500, ShortTtl = TimeSpan.FromSeconds(2), PauseBetweenBatches = TimeSpan.FromMilliseconds(20),
                     }))
        {
            await Eventually.Until(() => churn.Writes > 2_000, Eventually.DefaultDeadline, "churn.Writes > 2_000");
            // A real loss: another client switches the notifications off (the watcher restores them and lets the
            // scan win), or our subscriber is killed (a gap the reconcile must repair); the churn's events meanwhile
            // never reach us.
            var gapsBefore = watcher.GetMetrics().Gaps;
            var redis = other.GetServers()[0];
            if (loss == "flags switched off")
            {
                await redis.ConfigSetAsync("notify-keyspace-events", "");
            }
            else
            {
                await redis.ExecuteAsync("CLIENT", "KILL", "TYPE", "pubsub");
            }
            await Eventually.Until(() => watcher.GetMetrics().Gaps > gapsBefore, Eventually.DefaultDeadline, "the loss counted as a gap");
            await Eventually.Until(() => snapshots.Any(s => s.CountUncertain), Eventually.DefaultDeadline, "an uncertain snapshot");

            // Settled while the churn goes on: every scan from here overlaps dozens of events.
            await Eventually.Until(() => !watcher.CurrentSnapshot().CountUncertain && watcher.SubscriptionVerified, Eventually.DefaultDeadline, Story);
            var writesAtSettle = churn.Writes;
            await Eventually.Until(() => churn.Writes > writesAtSettle + 200, Eventually.DefaultDeadline, "the churn still writing");
            Assert.Contains(results, r => r.UncertaintyBound > 10);
            output.WriteLine($"settled under churn: {Story()}; uncertain snapshots {snapshots.Count(s => s.CountUncertain)} of {snapshots.Count}");
        }

        // The churn over and its short-TTL keys expired, one scan finds the count exact: the centring repaired the
        // lost events, and what it may have left within the tolerance is corrected now.
        await Eventually.Until(() => watcher.LastHealth is { DbExpires: 0 }, Eventually.DefaultDeadline, "the short-TTL keys expired");
        await watcher.ReconcileNowAsync("after the churn");
        Assert.True(await WatcherFactory.TrueCountAsync(connection, "sess:") == watcher.Counter.Value, Story());
    }
}
