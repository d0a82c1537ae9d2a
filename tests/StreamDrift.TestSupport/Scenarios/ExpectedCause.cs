using StreamDrift.Storefront;

namespace StreamDrift.TestSupport.Scenarios;

/// <summary>The cause (Avro symbol) StreamDrift must name for each injected fault.</summary>
public static class ExpectedCause
{
    public static string For(Fault fault) => fault switch
    {
        Fault.None => "NONE",
        Fault.EvictionStorm => "SESSIONS_EVICTED",
        Fault.ShortTtl => "SESSIONS_EXPIRING_EARLY",
        Fault.WritesFailing => "SESSION_WRITES_FAILING",
        Fault.PrefixChanged => "SESSION_PREFIX_CHANGED",
        Fault.OrphanedSessions => "ORPHANED_SESSIONS",
        Fault.BotTraffic => "BOT_TRAFFIC",
        Fault.ConnectorSilent => "CONNECTOR_STALE",
        _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, "no expected cause"),
    };

    /// <summary>
    /// Whether the drift goes away by itself once the fault is switched off. Orphaned sessions do not: keys
    /// written without a TTL stay until someone deletes them, so the surplus (and the alert) rightly persists.
    /// </summary>
    public static bool Resolves(Fault fault) => fault is not (Fault.OrphanedSessions or Fault.None);
}
