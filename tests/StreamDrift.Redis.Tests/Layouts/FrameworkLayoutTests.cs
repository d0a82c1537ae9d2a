using StackExchange.Redis;
using StreamDrift.Core.Counting;
using StreamDrift.Core.Layouts;
using StreamDrift.TestSupport;

namespace StreamDrift.Redis.Tests.Layouts;

/// <summary>
/// Frameworks whose servers do not install here: keys written exactly as each framework's own source writes
/// them (file and version named per test), auxiliary keys included. The live count, a reconcile and the event
/// tallies must see only the sessions.
/// </summary>
public class FrameworkLayoutTests
{
    [Fact]
    public async Task Spring_IndexedRepository_CountsSessionHashesOnly_NotExpiresMarkersOrTheExpirationsSet()
    {
        // spring-session-data-redis 3.4, RedisIndexedSessionRepository.saveDelta / getSessionKey / getExpiredKey and
        // SortedSetRedisSessionExpirationStore.save: HSET the session hash, ZADD <ns>:sessions:expirations, SET the
        // <ns>:sessions:expires:<id> marker with the max inactive interval, EXPIRE the hash 5 minutes longer, and SADD the
        // principal index (outside the prefix). Logout (deleteById): DEL both keys, ZREM, SREM.
        await AssertSessionsAsync(SessionLayouts.Spring, expected: 3, async db =>
        {
            for (var i = 0; i < 4; i++)
            {
                var id = $"5e8f0c8a-7a5b-4d7e-9d7a-3c1e2f4a6b{i:D2}";
                var key = "spring:session:sessions:" + id;
                await db.HashSetAsync(key, [new("creationTime", 1), new("lastAccessedTime", 1), new("maxInactiveInterval", 1800), new("sessionAttr:cart", "x")]);
                await db.SortedSetAddAsync("spring:session:sessions:expirations", id, 1_800_000 + i);
                await db.StringSetAsync("spring:session:sessions:expires:" + id, "", TimeSpan.FromSeconds(1800));
                await db.KeyExpireAsync(key, TimeSpan.FromSeconds(1800 + 300));
                await db.SetAddAsync("spring:session:index:org.springframework.session.FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME:user" + i, id);
            }
            var gone = "5e8f0c8a-7a5b-4d7e-9d7a-3c1e2f4a6b00";
            await db.KeyDeleteAsync(["spring:session:sessions:" + gone, "spring:session:sessions:expires:" + gone]);
            await db.SortedSetRemoveAsync("spring:session:sessions:expirations", gone);
        });
    }

    [Fact]
    public async Task Magento_CmRedisSession_CountsOneHashPerSession_AndItsWritesAsHashWrites()
    {
        // colinmollenhour/php-redis-session-abstract 2.0, src/Cm/RedisSession/Handler.php: read() takes the lock with
        // HINCRBY sess_<id> lock 1 and HSET pid; write() (_writeRawSession) HMSETs data, lock 0 and HINCRBY writes,
        // then EXPIREs the hash with the lifetime (bots get a shorter one); destroy() DELs it. No other key.
        await AssertSessionsAsync(SessionLayouts.Magento, expected: 4, async db =>
        {
            for (var i = 0; i < 5; i++)
            {
                var key = $"sess_0f1e2d3c4b5a69788796a5b4c{i}";
                await db.HashIncrementAsync(key, "lock", 1);
                await db.HashSetAsync(key, "pid", "web1|4242");
                await db.HashSetAsync(key, [new("data", ":gz:payload"), new("lock", 0)]);
                await db.HashIncrementAsync(key, "writes", 1);
                await db.KeyExpireAsync(key, TimeSpan.FromSeconds(i == 4 ? 60 : 3600));
            }
            await db.KeyDeleteAsync("sess_0f1e2d3c4b5a69788796a5b4c4");
        });
    }

    [Fact]
    public async Task Django_CacheSessions_CountsKeysOfTheSessionShape()
    {
        // Django 5.1, contrib/sessions/backends/cache.py (KEY_PREFIX = "django.contrib.sessions.cache", 32-char keys
        // from get_random_string) through core/cache/backends/base.py default_key_func ("%s:%s:%s" % (KEY_PREFIX,
        // VERSION, key)) and core/cache/backends/redis.py set(): SET ... EX. Other cache entries sit beside them.
        await AssertSessionsAsync(SessionLayouts.Django, expected: 2, async db =>
        {
            await db.StringSetAsync(":1:django.contrib.sessions.cache" + new string('a', 31) + "1", "p", TimeSpan.FromSeconds(1209600));
            await db.StringSetAsync(":1:django.contrib.sessions.cache" + new string('b', 31) + "2", "p", TimeSpan.FromSeconds(1209600));
            await db.StringSetAsync(":1:views.decorators.cache.cache_page..GET.abc", "p", TimeSpan.FromSeconds(600));
        });
    }

    [Fact]
    public async Task Rails_RedisRack_CountsPrivateIdKeys_WithAndWithoutTtl()
    {
        // redis-rack 3.0.0, lib/rack/session/redis.rb write_session: SET "rack:session:" + sid.private_id (rack-session
        // 2.x private ids are "2::" + SHA-256 hex), with EX expire_after when configured, plain SET otherwise.
        await AssertSessionsAsync(SessionLayouts.Rails, expected: 2, async db =>
        {
            await db.StringSetAsync("rack:session:2::" + new string('c', 64), "marshal", TimeSpan.FromSeconds(1800));
            await db.StringSetAsync("rack:session:2::" + new string('d', 64), "marshal");
        });
    }

    [Fact]
    public async Task Laravel_RedisDriver_CountsSessionIdsOnly_NotTheCacheEntriesSharingThePrefix()
    {
        // Laravel 11: Session/CacheBasedSessionHandler.php write() -> Cache/Repository put -> Cache/RedisStore.php put():
        // SETEX <connection prefix><cache prefix>:<id> (database.redis.options.prefix "laravel_database_", cache.prefix
        // "laravel_cache_", RedisStore adds ':'); ids are Str::random(40). forever() is a SET without TTL.
        await AssertSessionsAsync(SessionLayouts.Laravel, expected: 2, async db =>
        {
            await db.StringSetAsync("laravel_database_laravel_cache_:" + "Ab3dEf6hIj9lMn2pQr5tUv8xYz1bCd4fGh7jKl0n", "s:4:\"data\";", TimeSpan.FromSeconds(7200));
            await db.StringSetAsync("laravel_database_laravel_cache_:" + "Zz3dEf6hIj9lMn2pQr5tUv8xYz1bCd4fGh7jKl0n", "s:4:\"data\";", TimeSpan.FromSeconds(7200));
            await db.StringSetAsync("laravel_database_laravel_cache_:products:all", "a:0:{}", TimeSpan.FromSeconds(3600));
            await db.StringSetAsync("laravel_database_laravel_cache_:settings", "a:0:{}");
        });
    }

    // Watches with the layout, writes, then checks the live count, the event tallies and a reconcile against the truth.
    private static async Task AssertSessionsAsync(SessionLayout layout, int expected, Func<IDatabase, Task> write)
    {
        await using var redis = await RedisServer.StartAsync();
        using var mux = await redis.ConnectAsync();
        var options = WatcherFactory.Options(layout.Prefixes[0], o =>
        {
            o.SessionIdLength = layout.IdLength;
            foreach (var glob in layout.Exclusions)
            {
                o.Exclusions.Add(glob);
            }
        });
        await using var watcher = await WatcherFactory.StartAsync(mux, options);
        await Eventually.Until(() => watcher.LastReconcile is not null, Eventually.DefaultDeadline, "no seed scan");

        await write(mux.GetDatabase());

        await Eventually.Until(async () =>
        {
            await mux.GetSubscriber().PingAsync();
            return watcher.Counter.Value == expected;
        }, TimeSpan.FromSeconds(20), () => $"live count {watcher.Counter.Value} != {expected} {layout.Name} sessions");
        var reconcile = await watcher.ReconcileNowAsync("test");
        Assert.Equal(expected, reconcile.Scanned);
        Assert.Equal(expected, watcher.Counter.Value);
        Assert.True(watcher.Counter.EventsOf(KeyEventKind.New) >= expected);
    }
}
