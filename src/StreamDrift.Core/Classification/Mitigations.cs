namespace StreamDrift.Core.Classification;

/// <summary>The standard remedies per cause, worded for the SRE who reads the alert.</summary>
internal static class Mitigations
{
    private const string DedicatedRedis = "Move sessions to a dedicated Redis (or at least a dedicated DB) so cache churn cannot push them out.";
    private const string VolatilePolicy = "Use a volatile-* maxmemory-policy (e.g. volatile-lru) that protects TTL'd session keys rather than allkeys-lru.";
    private const string MoreMemory = "Raise maxmemory or shrink the cache working set.";
    private const string TtlEverywhere = "Set a TTL on every session key, equal to the session timeout.";
    private const string CheckTtlConfig = "Check the session TTL the application writes against the configured session timeout.";
    private const string CheckPool = "Check the application's Redis connection pool, maxclients and rejected connections.";
    private const string CheckPrimary = "Check the application writes to the current primary, not a read-only replica after failover.";
    private const string CheckPrefix = "Check for a changed session prefix or key naming after the last deploy.";
    private const string CheckBots = "Check the connector's definition of active users for bot or synthetic traffic; compare with orders.";
    private const string CheckConnector = "Check the ecommerce connector: it has sent no fresh active-user samples.";
    private const string Investigate = "Compare the session-key count with a manual SCAN and the platform's analytics; check recent deploys.";

    public static IReadOnlyList<string> For(Cause cause) => cause switch
    {
        Cause.SessionsEvicted => [DedicatedRedis, VolatilePolicy, MoreMemory],
        Cause.SessionsExpiringEarly => [CheckTtlConfig, VolatilePolicy],
        Cause.SessionWritesFailing => [CheckPool, CheckPrimary, DedicatedRedis],
        Cause.SessionPrefixChanged => [CheckPrefix],
        Cause.OrphanedSessions => [TtlEverywhere, CheckTtlConfig],
        Cause.BotTraffic => [CheckBots],
        Cause.ConnectorStale => [CheckConnector],
        Cause.Unknown => [Investigate, CheckPrefix],
        _ => [],
    };
}
