using StreamDrift.Core.Classification;

namespace StreamDrift.TrafficSim;

/// <summary>What goes wrong at the injected instant (none for a healthy run).</summary>
internal enum SimFault
{
    None,
    Evicted,
    ExpiringEarly,
    WritesRefused,
    PrefixChanged,
    Orphans,
    Bots,
    ConnectorStale,
    FailoverToReplica,
}

/// <summary>The cause each fault must be named with.</summary>
internal static class SimFaultCauses
{
    public static Cause Expected(this SimFault fault) => fault switch
    {
        SimFault.Evicted => Cause.SessionsEvicted,
        SimFault.ExpiringEarly => Cause.SessionsExpiringEarly,
        SimFault.WritesRefused or SimFault.FailoverToReplica => Cause.SessionWritesFailing,
        SimFault.PrefixChanged => Cause.SessionPrefixChanged,
        SimFault.Orphans => Cause.OrphanedSessions,
        SimFault.Bots => Cause.BotTraffic,
        SimFault.ConnectorStale => Cause.ConnectorStale,
        _ => Cause.None,
    };
}
