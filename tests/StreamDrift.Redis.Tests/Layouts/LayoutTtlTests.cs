using StackExchange.Redis;
using StreamDrift.Core.Layouts;
using StreamDrift.TestSupport;

namespace StreamDrift.Redis.Tests.Layouts;

/// <summary>
/// What a layout tells beyond the count, read by the TTL sampler from keys written exactly as the framework writes
/// them: Spring's exact expiry (its expires marker), Magento's bot sessions (their lifetime).
/// </summary>
public class LayoutTtlTests
{
    [Fact]
    public async Task Spring_TtlSample_ReadsTheExpiresMarker_NotTheHashsFiveMinutesLongerTtl()
    {
        await using var redis = await RedisServer.StartAsync();
        using var mux = await redis.ConnectAsync();
        await using var watcher = await StartAsync(mux, SessionLayouts.Spring);
        var db = mux.GetDatabase();
        // spring-session-data-redis 3.4, RedisIndexedSessionRepository.saveDelta: HSET the hash, APPEND "" to
        // <ns>:sessions:expires:<id> and EXPIRE it with the max inactive interval (1800 s), EXPIRE the hash 300 s
        // longer; ZADD the id to <ns>:sessions:expirations (SortedSetRedisSessionExpirationStore).
        for (var i = 0; i < 9; i++)
        {
            await WriteSpringSessionAsync(db, $"7c0a4f4e-1d2b-4c6a-9e8f-0a1b2c3d4e{i:D2}", maxInactiveSeconds: 1800);
        }
        // Three sessions whose marker expired: the hash lingers (under 300 s left) only for the repository's clean-up.
        for (var i = 0; i < 3; i++)
        {
            var key = $"spring:session:sessions:7c0a4f4e-1d2b-4c6a-9e8f-0a1b2c3d4f{i:D2}";
            await db.HashSetAsync(key, [new("creationTime", 1), new("lastAccessedTime", 1), new("maxInactiveInterval", 1800)]);
            await db.KeyExpireAsync(key, TimeSpan.FromSeconds(200));
        }
        // A session that never expires (negative max inactive interval): PERSIST the hash, DEL the marker.
        await db.HashSetAsync("spring:session:sessions:7c0a4f4e-1d2b-4c6a-9e8f-0a1b2c3d4fff", [new("creationTime", 1), new("maxInactiveInterval", -1)]);

        // The markers' APPEND and EXPIRE and the expirations set's ZADD arrive, and are left out (and tallied).
        await Eventually.Until(async () =>
        {
            await mux.GetSubscriber().PingAsync();
            return watcher.CurrentSnapshot().ExcludedEvents >= 9 * 3;
        }, Eventually.DefaultDeadline, () => $"excluded events {watcher.CurrentSnapshot().ExcludedEvents}");
        await watcher.ReconcileNowAsync("test");

        var ttl = watcher.LastTtl!;
        Assert.Equal(13, ttl.Sampled);
        Assert.Equal(1, ttl.WithoutTtl);
        Assert.InRange(ttl.MaxSeconds, 1790, 1800);  // the hash's own TTL says up to 2,100 s
        Assert.InRange(ttl.P50Seconds, 1790, 1800);
        Assert.Equal(0, ttl.P10Seconds);             // expired sessions awaiting clean-up have no lifetime left
        Assert.Null(ttl.BotShare);
    }

    [Fact]
    public async Task Magento_TtlSample_EstimatesTheBotShare_FromTheLifetimeSetAtTheLastWrite()
    {
        await using var redis = await RedisServer.StartAsync();
        using var mux = await redis.ConnectAsync();
        await using var watcher = await StartAsync(mux, SessionLayouts.Magento);
        var db = mux.GetDatabase();
        var id = 0;
        // Shoppers: 30 on their first request (first_lifetime 600 s), 10 on a later one (the store's lifetime, 3,600 s),
        // 5 whose request never wrote (read() leaves its 6-hour EXPIRE).
        for (var i = 0; i < 30; i++)
        {
            await CmRedisSession.RequestAsync(db, $"s{id++:D25}", isBot: false);
        }
        for (var i = 0; i < 10; i++)
        {
            var sid = $"s{id++:D25}";
            await CmRedisSession.RequestAsync(db, sid, isBot: false);
            await CmRedisSession.RequestAsync(db, sid, isBot: false);
            await CmRedisSession.RequestAsync(db, sid, isBot: false, storeLifetimeSeconds: 3600);
        }
        for (var i = 0; i < 5; i++)
        {
            await CmRedisSession.ReadOnlyAsync(db, $"s{id++:D25}");
        }
        // Bots: 15 on their first request (bot_first_lifetime 60 s), 5 on their second (120 s).
        for (var i = 0; i < 15; i++)
        {
            await CmRedisSession.RequestAsync(db, $"b{id++:D25}", isBot: true);
        }
        for (var i = 0; i < 5; i++)
        {
            var sid = $"b{id++:D25}";
            await CmRedisSession.RequestAsync(db, sid, isBot: true);
            await CmRedisSession.RequestAsync(db, sid, isBot: true);
        }
        // Five shoppers 550 s after their first write: 50 s left, less than a bot's lifetime, yet not bots. The
        // clock is moved with DUMP and RESTORE ... IDLETIME, which sets the key's idle time as the session store's
        // last write would have left it.
        for (var i = 0; i < 5; i++)
        {
            var key = $"sess_s{i:D25}";
            var dump = (byte[])(await db.ExecuteAsync("DUMP", key))!;
            await db.ExecuteAsync("RESTORE", key, 50_000, dump, "REPLACE", "IDLETIME", 550);
        }

        await watcher.ReconcileNowAsync("test");

        var ttl = watcher.LastTtl!;
        Assert.Equal(65, ttl.Sampled);
        Assert.NotNull(ttl.BotShare);
        Assert.Equal(20.0 / 65, ttl.BotShare!.Value, 9);
    }

    private static async Task WriteSpringSessionAsync(IDatabase db, string id, int maxInactiveSeconds)
    {
        var key = "spring:session:sessions:" + id;
        var marker = "spring:session:sessions:expires:" + id;
        await db.HashSetAsync(key, [new("creationTime", 1_764_000_000_000), new("lastAccessedTime", 1_764_000_000_000),
            new("maxInactiveInterval", maxInactiveSeconds), new("sessionAttr:cart", "x")]);
        await db.ExecuteAsync("APPEND", marker, "");
        await db.KeyExpireAsync(marker, TimeSpan.FromSeconds(maxInactiveSeconds));
        await db.KeyExpireAsync(key, TimeSpan.FromSeconds(maxInactiveSeconds + 300));
        await db.SortedSetAddAsync("spring:session:sessions:expirations", id, 1_764_001_800_000);
    }

    private static async Task<StoreWatcher> StartAsync(IConnectionMultiplexer mux, SessionLayout layout)
    {
        var options = WatcherFactory.Options(layout.Prefixes[0], o =>
        {
            o.SessionIdLength = layout.IdLength;
            foreach (var glob in layout.Exclusions)
            {
                o.Exclusions.Add(glob);
            }
            o.ExpiryMarker = layout.Expiry;
            o.BotLifetimes = layout.Bots;
        });
        var watcher = await WatcherFactory.StartAsync(mux, options);
        await Eventually.Until(() => watcher.LastReconcile is not null, Eventually.DefaultDeadline, "no seed scan");
        return watcher;
    }
}
