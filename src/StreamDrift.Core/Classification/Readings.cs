using StreamDrift.Core.Signals;
using StreamDrift.Core.Windows;
using static System.FormattableString;

namespace StreamDrift.Core.Classification;

/// <summary>The human sentences of a diagnosis, in the words an SRE would use on the phone.</summary>
internal static class Readings
{
    public static string Headline(WindowFacts f) => f.Missing >= 0
        ? Invariant($"{f.Keys:N0} session keys for {f.Users:N0} active users: {f.Missing:N0} shoppers logged out; ")
        : Invariant($"{f.Keys:N0} session keys for {f.Users:N0} active users: {-f.Missing:N0} more keys than the store's usual offset; ");

    public static string Stale(DriftWindow w) =>
        Invariant($"No fresh active-user samples from the connector for store {w.StoreId}: drift unknown, not zero.");

    public static string Evicted(WindowFacts f)
    {
        var h = f.Window.Health;
        var text = Invariant($"{f.EvictedSinceHealthy:N0} session keys evicted in the last {Span(f.SecondsSinceHealthy)}");
        if (h?.MemoryUsedRatio is { } mem)
        {
            text += Invariant($" while memory sat at {mem * 100:0}% of maxmemory under {h.MaxMemoryPolicy}");
        }
        if (f.OtherKeys is > 0 and var other)
        {
            text += Invariant($" on an instance shared with {other:N0} other keys");
        }
        return text + ".";
    }

    public static string ExpiringEarly(WindowFacts f, double timeout) =>
        Invariant($"sampled session TTLs top out at {f.Window.Ttl!.P90Seconds:N0} s (90th percentile) against a {timeout:N0} s session timeout; {f.Window.Events.Expired:N0} session keys expired in the last {Span(f.Seconds)}.");

    public static string ExpiredAndRecreated(WindowFacts f, double usualNewPerSecond) =>
        Invariant($"{f.Window.Events.Expired:N0} session keys expired and {f.Window.Events.New:N0} were created anew in the last {Span(f.Seconds)} ({f.NewPerSecond:N1}/s against a usual {usualNewPerSecond:N1}/s): shoppers still on the site lose their session before the timeout; the TTLs written are likely too short.");

    public static string PrefixChanged(WindowFacts f, double healthyWritesPerUser, double healthyOther, double other) =>
        Invariant($"writes on the session prefix fell to {(f.WritesPerUser / healthyWritesPerUser) * 100:0}% of their usual rate per user while the DB's other keys grew from {healthyOther:N0} to {other:N0}: new sessions are likely written under another prefix.");

    public static string Bots(WindowFacts f, double recentUsers) =>
        Invariant($"active users rose to {(f.Users / recentUsers) * 100:0}% of their recent level while session writes per user fell to {f.WritesPerUser:N2} (writes stayed what the users before the rise wrote); Redis ops and orders per user did not follow, with no Redis-side errors: the extra users look like bots.");

    public static string BotSessions(WindowFacts f, double recentUsers, double share, double usualShare) =>
        Invariant($"active users rose to {(f.Users / recentUsers) * 100:0}% of their recent level while {share * 100:0}% of the sampled sessions carry the session store's bot lifetime (usually {usualShare * 100:0}%): the extra users are bots, whose sessions expire within two minutes.");

    public static string Orphaned(WindowFacts f, TtlSummary? ttl, long persists, double timeout, bool growing)
    {
        var text = ttl is null
            ? Invariant($"{persists:N0} persist events removed TTLs from session keys")
            : Invariant($"{ttl.ShareWithoutTtl * 100:0}% of {ttl.Sampled:N0} sampled session keys have no TTL and the 90th-percentile TTL is {ttl.P90Seconds:N0} s against a {timeout:N0} s timeout ({persists:N0} persist events)");
        return text + (growing ? "; the surplus is growing." : ".");
    }

    private static string Span(double seconds) => seconds >= 120
        ? Invariant($"{seconds / 60:0.#} minutes")
        : Invariant($"{seconds:0} seconds");
}
