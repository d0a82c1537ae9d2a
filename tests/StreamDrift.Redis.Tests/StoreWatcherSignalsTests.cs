using Microsoft.Extensions.Time.Testing;
using StreamDrift.Core.Signals;
using StreamDrift.TestSupport;

namespace StreamDrift.Redis.Tests;

public class StoreWatcherSignalsTests
{
    [Fact]
    public async Task Snapshots_ArePublishedOnTheInjectedClock()
    {
        await using var server = await RedisServer.StartAsync();
        await using var connection = await server.ConnectAsync();
        await connection.GetDatabase().StringSetAsync("sess:a", "x");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var watcher = await WatcherFactory.StartAsync(connection,
            WatcherFactory.Options("sess:", o => o.SnapshotInterval = TimeSpan.FromSeconds(1)), time);
        await Eventually.Until(() => watcher.LastReconcile is not null && watcher.LastHealth is not null, Eventually.DefaultDeadline, "watcher.LastReconcile is not null && watcher.LastHealth is not null");
        var snapshots = new List<StoreSnapshot>();
        using var subscription = watcher.Snapshots.Subscribe(snapshots.Add);

        time.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(3, snapshots.Count);
        Assert.Equal(time.GetUtcNow(), snapshots[^1].At);
        Assert.All(snapshots, s => Assert.Equal("test-store", s.StoreId));
        Assert.All(snapshots, s => Assert.Equal(1, s.SessionKeys));
        Assert.True(snapshots[^1].RedisReachable);
        Assert.NotNull(snapshots[^1].LastReconcile);
        Assert.Equal(1, snapshots[^1].Health!.DbKeys);
    }

    [Fact]
    public async Task InfoSample_CarriesTheSessionCountItWasTakenWith()
    {
        await using var server = await RedisServer.StartAsync();
        await using var connection = await server.ConnectAsync();
        var db = connection.GetDatabase();
        for (var i = 0; i < 30; i++)
        {
            await db.StringSetAsync($"sess:{i}", "x");
            await db.StringSetAsync($"cache:{i}", "x", TimeSpan.FromMinutes(5));
        }
        await using var watcher = await WatcherFactory.StartAsync(connection,
            WatcherFactory.Options("sess:", o => o.InfoInterval = TimeSpan.FromMilliseconds(100)));
        await Eventually.Until(() => watcher.LastHealth is { SessionKeys: 30, DbKeys: 60 }, Eventually.DefaultDeadline, "an INFO sample of 60 keys taken with 30 sessions counted");

        await db.KeyDeleteAsync([.. Enumerable.Range(0, 20).Select(i => (StackExchange.Redis.RedisKey)$"sess:{i}")]);

        // The DB's other keys read from one sample stay 30 whatever the sessions did.
        await Eventually.Until(() => watcher.LastHealth is { SessionKeys: 10, DbKeys: 40 }, Eventually.DefaultDeadline, "an INFO sample of 40 keys taken with 10 sessions counted");
    }

    [Fact]
    public async Task Reconcile_SamplesTtls_ReportingTheShareWithoutTtl()
    {
        await using var server = await RedisServer.StartAsync();
        await using var connection = await server.ConnectAsync();
        var db = connection.GetDatabase();
        for (var i = 0; i < 150; i++)
        {
            if (i < 50)
            {
                await db.StringSetAsync($"sess:{i}", "x");
            }
            else
            {
                await db.StringSetAsync($"sess:{i}", "x", TimeSpan.FromSeconds(i * 10));
            }
        }
        await db.StringSetAsync("cache:1", "x");
        await using var watcher = await WatcherFactory.StartAsync(connection, WatcherFactory.Options("sess:", o => o.TtlSampleSize = 1000));

        await Eventually.Until(() => watcher.LastTtl is not null, Eventually.DefaultDeadline, "watcher.LastTtl is not null");
        var ttl = watcher.LastTtl!;
        Assert.Equal(150, ttl.Sampled);
        Assert.Equal(50, ttl.WithoutTtl);
        Assert.InRange(ttl.P50Seconds, 980, 1000);
        Assert.InRange(ttl.MaxSeconds, 1470, 1490);
    }

    [Fact]
    public async Task InfoSampler_ReportsHealthWithRates()
    {
        await using var server = await RedisServer.StartAsync("--maxmemory", "64mb", "--maxmemory-policy", "volatile-lru");
        await using var connection = await server.ConnectAsync();
        var db = connection.GetDatabase();
        await db.StringSetAsync("sess:1", "x");
        await db.StringSetAsync("other", "x", TimeSpan.FromHours(1));
        await using var watcher = await WatcherFactory.StartAsync(connection, WatcherFactory.Options("sess:"));

        for (var i = 0; i < 200; i++)
        {
            await db.StringSetAsync($"brief:{i}", "x", TimeSpan.FromMilliseconds(1));
        }
        await Eventually.Until(() => watcher.LastHealth is { ExpiredKeysPerSecond: > 0 }, Eventually.DefaultDeadline, "watcher.LastHealth is { ExpiredKeysPerSecond: > 0 }");
        var health = watcher.LastHealth!;
        Assert.Equal(64L * 1024 * 1024, health.MaxMemoryBytes);
        Assert.Equal("volatile-lru", health.MaxMemoryPolicy);
        Assert.False(health.EvictsAnyKey);
        Assert.Equal("master", health.Role);
        Assert.True(health.ConnectedClients >= 2);
        Assert.Equal(10000, health.MaxClients);
        Assert.True(health.DbKeys >= 2);
    }

    [Fact]
    public async Task ScanOnlyMode_CountsFromScansAlone_WithoutSubscribingOrTouchingConfig()
    {
        await using var server = await RedisServer.StartAsync("--rename-command", "CONFIG", "");
        await using var connection = await server.ConnectAsync();
        var db = connection.GetDatabase();
        for (var i = 0; i < 100; i++)
        {
            await db.StringSetAsync($"sess:{i}", "x");
        }
        await using var watcher = await WatcherFactory.StartAsync(connection, WatcherFactory.Options("sess:", o =>
        {
            o.ScanOnly = true;
            o.ReconcileInterval = TimeSpan.FromSeconds(1);
        }));
        await Eventually.Until(() => watcher.Counter.Value == 100, Eventually.DefaultDeadline, "watcher.Counter.Value == 100");

        for (var i = 100; i < 150; i++)
        {
            await db.StringSetAsync($"sess:{i}", "x");
        }

        await Eventually.Until(() => watcher.Counter.Value == 150, Eventually.DefaultDeadline, "watcher.Counter.Value == 150");
        Assert.Equal(0, watcher.Counter.Events.New);
        var pubsubClients = (string?)await connection.GetServers()[0].ExecuteAsync("CLIENT", "LIST", "TYPE", "pubsub");
        // The library keeps its own channel subscription; no keyspace pattern may be subscribed.
        Assert.DoesNotContain("psub=1", pubsubClients ?? "", StringComparison.Ordinal);
    }
}
