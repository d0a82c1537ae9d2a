using System.Collections.Concurrent;
using StreamDrift.Core.Signals;
using StreamDrift.Redis.Scanning;
using StreamDrift.TestSupport;

namespace StreamDrift.Redis.Tests;

public class StoreWatcherReconcileTests
{
    [Fact]
    public async Task Reconcile_AfterPubSubKill_RestoresTrueCount()
    {
        await using var server = await RedisServer.StartAsync();
        await using var connection = await server.ConnectAsync();
        await using var admin = await server.ConnectAsync();
        await using var watcher = await WatcherFactory.StartAsync(connection,
            WatcherFactory.Options("sess:", o => o.ReconcileInterval = TimeSpan.FromSeconds(2)));
        var results = new ConcurrentQueue<ReconcileResult>();
        using var _ = watcher.Reconciled.Subscribe(results.Enqueue);
        var db = admin.GetDatabase();

        DateTimeOffset churnStopped;
        // Creates outrun deletes, so the events lost while the subscription is down change the count
        // (with a level count, a lost new and a lost del would cancel out and prove nothing).
        await using (var churn = Churn.Start(db, "sess:", new ChurnMix { BatchSize = 200, DeleteLag = 20_000, RewriteRange = 1000 }))
        {
            await Eventually.Until(() => churn.Writes > 10_000, Eventually.DefaultDeadline, "churn.Writes > 10_000");
            await admin.GetServers()[0].ExecuteAsync("CLIENT", "KILL", "TYPE", "pubsub");
            var killedAt = churn.Writes;
            await Eventually.Until(() => churn.Writes > killedAt + 20_000, Eventually.DefaultDeadline, "churn.Writes > killedAt + 20_000");
            await churn.StopAsync();
            churnStopped = DateTimeOffset.UtcNow;
        }

        // The first reconcile that starts after the churn stopped must land exactly on the truth.
        await Eventually.Until(() => results.Any(r => r.FinishedAt - r.Elapsed > churnStopped), Eventually.DefaultDeadline, "results.Any(r => r.FinishedAt - r.Elapsed > churnStopped)");
        var metrics = watcher.GetMetrics();
        var story = $"{metrics}; reconciles: {string.Join(" | ", results)}";
        Assert.True(await WatcherFactory.TrueCountAsync(connection, "sess:") == watcher.Counter.Value, story);
        Assert.True(metrics.Gaps >= 1, story);
        Assert.True(metrics.CorrectedKeys > 0, "events published while the subscription was down must have been missed and corrected: " + story);
        Assert.Contains(results, r => r.Reason.Contains("subscription", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reconcile_AfterFlushDb_ReturnsToZeroWithinOneInterval()
    {
        await using var server = await RedisServer.StartAsync();
        await using var connection = await server.ConnectAsync();
        var db = connection.GetDatabase();
        for (var i = 0; i < 500; i++)
        {
            await db.StringSetAsync($"sess:{i}", "x");
        }
        // A one-hour schedule: only the flush detection can bring the count down within the test's deadline.
        await using var watcher = await WatcherFactory.StartAsync(connection, WatcherFactory.Options("sess:"));
        await Eventually.Until(() => watcher.LastReconcile is not null && watcher.Counter.Value == 500, Eventually.DefaultDeadline, "watcher.LastReconcile is not null && watcher.Counter.Value == 500");
        var results = new ConcurrentQueue<ReconcileResult>();
        using var _ = watcher.Reconciled.Subscribe(results.Enqueue);

        await connection.GetServers()[0].FlushDatabaseAsync();

        await Eventually.Until(() => watcher.Counter.Value == 0, TimeSpan.FromSeconds(30), "watcher.Counter.Value == 0");
        // The repair is the reconcile the flush triggered, seen as fewer keys than counted or as a FLUSHDB call in
        // INFO commandstats (whichever sample comes first). It need not be the last one: a correction is followed
        // up at once by a settling reconcile that corrects nothing, so look for it among all of them.
        await Eventually.Until(() => results.Any(r => r.Correction == -500), Eventually.DefaultDeadline, () => $"reconciles: {string.Join(" | ", results)}");
        Assert.Matches("INFO keyspace|FLUSHDB", results.First(r => r.Correction == -500).Reason);
        Assert.True(watcher.GetMetrics().Gaps >= 1, $"{watcher.GetMetrics()}");
        Assert.Equal(500, watcher.GetMetrics().CorrectedKeys);
    }

    [Fact]
    public async Task Reconcile_DuringSteadyChurn_MovesACorrectCounterByAtMostOnePermille()
    {
        await using var server = await RedisServer.StartAsync("--enable-debug-command", "yes");
        await using var connection = await server.ConnectAsync();
        await using var writer = await server.ConnectAsync();
        await connection.GetServers()[0].ExecuteAsync("DEBUG", "POPULATE", "100000", "sess:", "16");
        // Small pages make the scan long, so that it overlaps many writes.
        await using var watcher = await WatcherFactory.StartAsync(connection,
            WatcherFactory.Options("sess:", o => o.ReconcilePacing = new ScanPacing { InitialCount = 100, MaxCount = 100, DutyCycle = 1 }));
        await Eventually.Until(() => watcher.LastReconcile is not null, Eventually.DefaultDeadline, "watcher.LastReconcile is not null");
        Assert.Equal(100_000, watcher.Counter.Value);

        var during = new List<ReconcileResult>();
        long writes;
        TimeSpan elapsed;
        int churnWriters;
        await using (var churn = Churn.Start(writer.GetDatabase(), "sess:", new ChurnMix
                     {
                         BatchSize = 500,
                         DeleteLag = 5000,
                         RewriteRange = 100_000,
                         PauseBetweenBatches = TimeSpan.Zero,
                     }))
        {
            await Eventually.Until(() => churn.Writes > 20_000, Eventually.DefaultDeadline, "churn.Writes > 20_000");
            // On a busy machine one pipelined writer can fall short of the bar: add writers until it is met.
            await churn.RampToAsync(20_000, maxWriters: 8);
            var (writesBefore, startedAt) = (churn.Writes, churn.Elapsed);
            for (var i = 0; i < 3; i++)
            {
                during.Add(await watcher.ReconcileNowAsync("test during churn"));
            }
            await churn.StopAsync();
            churnWriters = churn.Writers;
            // The rate while the reconciles ran, the period the claim is about.
            writes = churn.Writes - writesBefore;
            elapsed = churn.Elapsed - startedAt;
        }

        var writesPerSecond = writes / elapsed.TotalSeconds;
        Assert.True(writesPerSecond >= 20_000, $"the churn reached only {writesPerSecond:F0} writes/s with {churnWriters} writers");
        foreach (var result in during)
        {
            Assert.True(result.UncertaintyBound > 0, "the reconcile must overlap count-changing events");
            Assert.True(Math.Abs(result.Correction) <= result.Scanned / 1000,
                $"correction {result.Correction} on {result.Scanned} keys (bound {result.UncertaintyBound})");
        }
        // And the counter is still right once the churn has stopped.
        Assert.Equal(await WatcherFactory.TrueCountAsync(connection, "sess:"), watcher.Counter.Value);
    }

    [Fact]
    public async Task Reconcile_IsPacedFromItsOwnServerTimePerPage_AndRecordsIt()
    {
        await using var server = await RedisServer.StartAsync("--enable-debug-command", "yes");
        await using var connection = await server.ConnectAsync();
        await connection.GetServers()[0].ExecuteAsync("DEBUG", "POPULATE", "30000", "sess:", "16");
        await connection.GetServers()[0].ExecuteAsync("DEBUG", "POPULATE", "30000", "other", "16");
        await using var watcher = await WatcherFactory.StartAsync(connection, WatcherFactory.Options("sess:",
            o => o.ReconcilePacing = new ScanPacing { TargetPageTime = TimeSpan.FromMicroseconds(200), DutyCycle = 0.5, InitialCount = 10 }));
        await Eventually.Until(() => watcher.LastReconcile is not null, Eventually.DefaultDeadline, "watcher.LastReconcile is not null");

        var times = watcher.ReconcilePageTimes;
        Assert.Equal(30_000, watcher.LastReconcile!.Scanned);
        // Script mode: every page timed by the server itself, none by round trip.
        Assert.Equal(0, times.RoundTrip.Count);
        // Pages started at COUNT 10 and grew toward 200 µs of server time: far fewer than 60,000 / 10 pages,
        // more than one huge page.
        Assert.InRange(times.Server.Count, 5, 3000);
        // Duty cycle 0.5: the scan took at least twice its own server time.
        Assert.True(watcher.LastReconcile.Elapsed >= 2 * times.Server.Sum * 0.95, $"{watcher.LastReconcile.Elapsed} for {times.Server.Sum} on the server");
    }
}
