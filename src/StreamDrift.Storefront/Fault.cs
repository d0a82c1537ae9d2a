namespace StreamDrift.Storefront;

/// <summary>The misbehaviours a storefront can be made to show (issue 6's fault scripts).</summary>
public enum Fault
{
    /// <summary>Healthy: natural noise only (TTL lag, second tabs, a steady bot offset).</summary>
    None,
    /// <summary>The shared instance hits maxmemory under allkeys-lru while the page cache floods it.</summary>
    EvictionStorm,
    /// <summary>A bad deploy writes sessions with a TTL far shorter than the session timeout.</summary>
    ShortTtl,
    /// <summary>The application stops writing sessions (a broken pool, a read-only replica).</summary>
    WritesFailing,
    /// <summary>A deploy writes new sessions under another prefix.</summary>
    PrefixChanged,
    /// <summary>Sessions are written without a TTL and pile up after their shoppers leave.</summary>
    OrphanedSessions,
    /// <summary>Bots inflate the connector's active users without creating sessions.</summary>
    BotTraffic,
    /// <summary>The connector stops reporting active users.</summary>
    ConnectorSilent,
}
