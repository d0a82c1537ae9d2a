namespace StreamDrift.Scenarios.Tests.Ramp;

/// <summary>What goes wrong in a ramp run, and when (none for the healthy ramp).</summary>
internal enum RampFault
{
    None,
    /// <summary>Bots add 80 % to the active users, without sessions.</summary>
    BotWave,
    /// <summary>Every session write from then on is a SET without a TTL.</summary>
    OrphanedSessions,
    /// <summary>maxmemory capped under allkeys-lru while a page cache floods the instance: session keys are evicted.</summary>
    EvictionStorm,
}
