namespace StreamDrift.Core.Layouts;

/// <summary>
/// The presets of <c>--layout</c>. Each names the library version whose source its key names were read from; the
/// Redis tests write keys exactly as that source does (express and php are also run for real).
/// </summary>
public static class SessionLayouts
{
    /// <summary>express-session 1.18 + connect-redis 9: one <c>sess:&lt;sid&gt;</c> string per session.</summary>
    public static readonly SessionLayout Express = new(
        "express", "express-session 1.18.2 + connect-redis 9.0.0", ["sess:"], [], 0,
        "one sess:<sid> string (SET EX; touch sends EXPIRE)");

    /// <summary>phpredis 5.3 / 6.x session handler: <c>PHPREDIS_SESSION:&lt;id&gt;</c>, and <c>&lt;key&gt;_LOCK</c> with locking on.</summary>
    public static readonly SessionLayout Php = new(
        "php", "phpredis 5.3.7 (redis_session.c)", ["PHPREDIS_SESSION:"], ["PHPREDIS_SESSION:*_LOCK"], 0,
        "one PHPREDIS_SESSION:<id> string; the <key>_LOCK keys of redis.session.locking_enabled are not sessions");

    /// <summary>Cm_RedisSession (colinmollenhour/php-redis-session-abstract 1.5/2.0, Magento 2.4): <c>sess_&lt;id&gt;</c> hashes.</summary>
    public static readonly SessionLayout Magento = new(
        "magento", "colinmollenhour/php-redis-session-abstract 2.0 (src/Cm/RedisSession/Handler.php)", ["sess_"], [], 0,
        "one sess_<id> hash (fields data, lock, pid, req, writes); its lock is a field, not a key",
        Bots: BotLifetimes.CmRedisSession);

    /// <summary>
    /// Spring Session 3.4 indexed repository: <c>spring:session:sessions:&lt;id&gt;</c> hashes; the
    /// <c>sessions:expires:&lt;id&gt;</c> markers and the <c>sessions:expirations</c> sorted set share the prefix.
    /// </summary>
    public static readonly SessionLayout Spring = new(
        "spring", "spring-session-data-redis 3.4 (RedisIndexedSessionRepository, SortedSetRedisSessionExpirationStore)",
        ["spring:session:sessions:"], ["spring:session:sessions:expires:*", "spring:session:sessions:expirations"], 0,
        "one spring:session:sessions:<id> hash; its expires:<id> marker and the expirations set are not sessions",
        Expiry: new ExpiryMarker("expires:", TimeSpan.FromMinutes(5)));

    /// <summary>Django 5.x cache sessions (default KEY_PREFIX and VERSION): <c>:1:django.contrib.sessions.cache&lt;key&gt;</c>.</summary>
    public static readonly SessionLayout Django = new(
        "django", "Django 5.1 (contrib/sessions/backends/cache.py, core/cache/backends/base.py)",
        [":1:django.contrib.sessions.cache"], [], 32,
        "one :1:django.contrib.sessions.cache<32-char key> string");

    /// <summary>redis-rack 3.0 (Rack::Session::Redis, Rails with redis-actionpack): <c>rack:session:&lt;private id&gt;</c>.</summary>
    public static readonly SessionLayout Rails = new(
        "rails", "redis-rack 3.0.0 (lib/rack/session/redis.rb), rack-session 2.x ids", ["rack:session:"], [], 0,
        "one rack:session:<private id> string (redis-session-store: give its key_prefix with --prefix)");

    /// <summary>
    /// Laravel 11 redis session driver over the cache store: <c>laravel_database_laravel_cache_:&lt;40-char id&gt;</c>,
    /// beside every other cache entry under the same prefix.
    /// </summary>
    public static readonly SessionLayout Laravel = new(
        "laravel", "Laravel 11 (Session/CacheBasedSessionHandler.php, Cache/RedisStore.php, config/database.php)",
        ["laravel_database_laravel_cache_:"], [], 40,
        "one <redis prefix><cache prefix>:<40-char id> string; other cache entries under the prefix are not sessions");

    /// <summary>Every preset, by name.</summary>
    public static IReadOnlyList<SessionLayout> All { get; } = [Express, Php, Magento, Spring, Django, Rails, Laravel];

    /// <summary>The preset named <paramref name="name"/> (ordinal, case-insensitive), or null.</summary>
    public static SessionLayout? Find(string name)
    {
        foreach (var layout in All)
        {
            if (string.Equals(layout.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return layout;
            }
        }
        return null;
    }
}
