using StackExchange.Redis;

namespace StreamDrift.Redis.Tests.Layouts;

/// <summary>
/// One request through Magento's session handler, key by key as colinmollenhour/php-redis-session-abstract 2.0
/// (src/Cm/RedisSession/Handler.php) sends it: read() takes the lock (HINCRBY lock 1), reads data and writes, sets
/// pid, lock and req, and EXPIREs the hash for six hours; write() (_writeRawSession) HMSETs data with lock 0,
/// HINCRBYs writes and EXPIREs the hash with getLifeTime(): for a bot (by user agent) bot_first_lifetime (60 s)
/// × (1 + writes) while writes ≤ 1, else bot_lifetime; for a shopper first_lifetime (600 s) × (1 + writes) while
/// writes ≤ 1, else the store's lifetime.
/// </summary>
internal static class CmRedisSession
{
    public static async Task RequestAsync(IDatabase db, string id, bool isBot, int storeLifetimeSeconds = 3600)
    {
        var writes = await ReadAsync(db, id);
        var lifetime = (isBot, writes <= 1) switch
        {
            (true, true) => 60 * (1 + writes),
            (true, false) => 7200,
            (false, true) => 600 * (1 + writes),
            (false, false) => storeLifetimeSeconds,
        };
        var key = "sess_" + id;
        await db.HashGetAsync(key, "pid");
        // Credis' pipeline(): one round trip, no MULTI.
        var batch = db.CreateBatch();
        var sent = Task.WhenAll(
            batch.HashSetAsync(key, [new("data", ":gz:x\u009c"), new("lock", 0)]),
            batch.HashIncrementAsync(key, "writes", 1),
            batch.KeyExpireAsync(key, TimeSpan.FromSeconds(Math.Min(lifetime, 2_592_000))));
        batch.Execute();
        await sent;
    }

    /// <summary>A request whose session was read but never written (the script ended before session_write_close).</summary>
    public static Task ReadOnlyAsync(IDatabase db, string id) => ReadAsync(db, id);

    private static async Task<long> ReadAsync(IDatabase db, string id)
    {
        var key = "sess_" + id;
        await db.HashIncrementAsync(key, "lock", 1);
        var fields = await db.HashGetAsync(key, ["data", "writes"]);
        var batch = db.CreateBatch();
        var sent = Task.WhenAll(
            batch.HashSetAsync(key, [new("pid", "web1|4242"), new("lock", 1), new("req", "GET shop.example/checkout")]),
            batch.KeyExpireAsync(key, TimeSpan.FromSeconds(3600 * 6)));
        batch.Execute();
        await sent;
        return fields[1].IsNull ? 0 : (long)fields[1];
    }
}
