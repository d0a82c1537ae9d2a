namespace StreamDrift.Core.Layouts;

/// <summary>
/// The short lifetimes a session store gives bots (by user agent), so that a TTL sample can tell bot sessions
/// from shoppers'. Cm_RedisSession (colinmollenhour/php-redis-session-abstract, src/Cm/RedisSession/Handler.php,
/// getLifeTime) gives a bot <c>bot_first_lifetime × (1 + writes so far)</c> on its first two writes (60 s, then
/// 120 s with the defaults), where a shopper gets <c>first_lifetime × (1 + writes)</c> (600 s, 1,200 s), later the
/// store's session lifetime; a crawler keeps no cookie, so nearly every bot session is one write old.
/// </summary>
/// <param name="FirstSeconds">Cm_RedisSession's <c>bot_first_lifetime</c> (default 60).</param>
/// <param name="ShopperFirstSeconds">Its <c>first_lifetime</c> (default 600): must stay above two bot lifetimes.</param>
public sealed record BotLifetimes(int FirstSeconds, int ShopperFirstSeconds)
{
    // OBJECT IDLETIME counts whole seconds of a clock Redis ticks once a second: the lifetime read back may be
    // off by up to two seconds either way.
    private const double ClockSlackSeconds = 2;

    /// <summary>The defaults of Cm_RedisSession's Handler.php (DEFAULT_BOT_FIRST_LIFETIME, DEFAULT_FIRST_LIFETIME).</summary>
    public static BotLifetimes CmRedisSession { get; } = new(60, 600);

    /// <summary>Longest lifetime a bot session gets on its first two writes, with the clock slack.</summary>
    public double LongestBotSeconds => (2 * FirstSeconds) + ClockSlackSeconds;

    /// <summary>
    /// True when a session whose lifetime was set to <paramref name="lifetimeSeconds"/> at its last write is a bot's:
    /// shorter than a shopper's first lifetime can be, and no longer than a bot's second.
    /// </summary>
    public bool IsBot(double lifetimeSeconds) => lifetimeSeconds <= LongestBotSeconds && LongestBotSeconds < ShopperFirstSeconds;
}
