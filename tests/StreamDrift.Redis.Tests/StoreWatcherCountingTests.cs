using StreamDrift.TestSupport;

namespace StreamDrift.Redis.Tests;

public class StoreWatcherCountingTests
{
    [Fact]
    public async Task Counter_WithReconcileOff_EqualsTheTruthOnceChurnStops()
    {
        // A small allkeys-lru budget and a filler outside the prefix make Redis evict session keys too.
        await using var server = await RedisServer.StartAsync("--maxmemory", "3mb", "--maxmemory-policy", "allkeys-lru");
        await using var connection = await server.ConnectAsync();
        await using var watcher = await WatcherFactory.StartAsync(connection, WatcherFactory.Options("sess:", o => o.ReconcileEnabled = false));
        var db = connection.GetDatabase();

        await using (var churn = Churn.Start(db, "sess:", new ChurnMix
                     {
                         BatchSize = 200,
                         ValueBytes = 200,
                         DeleteLag = 3000,
                         ShortTtl = TimeSpan.FromMilliseconds(150),
                         Filler = true,
                         PauseBetweenBatches = TimeSpan.FromMilliseconds(5),
                     }))
        {
            await Eventually.Until(() => churn.Writes > 60_000, Eventually.DefaultDeadline, "churn.Writes > 60_000");
        }
        await db.ExecuteAsync("DEL", "sess:unused"); // a no-op that makes sure the churn connection is idle

        // Short-TTL keys expire after churn: wait for the expirations to play out, then compare exactly.
        await Eventually.Until(async () =>
            watcher.Counter.Value == await WatcherFactory.TrueCountAsync(connection, "sess:")
            && watcher.Counter.EventsOf(Core.Counting.KeyEventKind.Expired) > 0, Eventually.DefaultDeadline, () => $"the count ({watcher.Counter.Value}) never matched the keys in Redis after expirations played out");
        var events = watcher.Counter.Events;
        Assert.True(events.Evicted > 0, "the test must drive Redis into evicting session keys");
        Assert.True(events.Del > 0);
        Assert.True(events.New > 60_000 / 4);
        var metrics = watcher.GetMetrics();
        Assert.Equal(0, metrics.Gaps);
        Assert.Equal(0, metrics.Reconciles);
        Assert.Equal(0, metrics.UnparsedMessages);
    }

    [Fact]
    public async Task Start_SeedsTheCountFromAScan_AndFollowsRenamesAndMoves()
    {
        await using var server = await RedisServer.StartAsync();
        await using var connection = await server.ConnectAsync();
        var db = connection.GetDatabase();
        for (var i = 0; i < 250; i++)
        {
            await db.StringSetAsync($"sess:{i}", "x");
        }
        await using var watcher = await WatcherFactory.StartAsync(connection, WatcherFactory.Options("sess:"));
        await Eventually.Until(() => watcher.LastReconcile is not null, Eventually.DefaultDeadline, "watcher.LastReconcile is not null");
        Assert.Equal(250, watcher.Counter.Value);

        await db.KeyRenameAsync("sess:1", "gone:1");           // leaves the prefix: -1
        await db.StringSetAsync("misc", "x");
        await db.KeyRenameAsync("misc", "sess:misc");          // arrives under the prefix: +1
        await db.KeyMoveAsync("sess:2", 5);                    // moves to another DB: -1
        await db.KeyPersistAsync("sess:3");
        await db.KeyExpireAsync("sess:4", TimeSpan.FromHours(1));

        await Eventually.Until(() => watcher.Counter.Events.Expire >= 1 && watcher.Counter.Value == 249, TimeSpan.FromSeconds(10), () => $"count {watcher.Counter.Value}, events {watcher.Counter.Events}");
        Assert.Equal(await WatcherFactory.TrueCountAsync(connection, "sess:"), watcher.Counter.Value);
        Assert.Equal(1, watcher.Counter.Events.RenamedIn);
        Assert.Equal(2, watcher.Counter.Events.RenamedOut);
    }
}
