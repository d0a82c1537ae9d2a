namespace StreamDrift.TrafficSim;

/// <summary>One injected fault: what, from which simulation step, and how hard (drawn per run).</summary>
internal sealed class FaultPlan
{
    public required SimFault Fault { get; init; }
    public required int FromStep { get; init; }
    public required DateTimeOffset At { get; init; }
    /// <summary>Share of the session keys evicted per minute (eviction storm).</summary>
    public double EvictedPerMinute { get; init; }
    /// <summary>The TTL a bad deploy writes (expiring early).</summary>
    public double ShortTtlSeconds { get; init; }
    /// <summary>Share of writes refused (pool exhausted).</summary>
    public double RefusedShare { get; init; }
    /// <summary>Share of departing shoppers' keys written without a TTL.</summary>
    public double OrphanShare { get; init; }
    /// <summary>Bots added, as a share of the connector's users at the fault.</summary>
    public double BotSurge { get; init; }
    public bool Started { get; set; }

    public bool StartsAt(int step) => step == FromStep && !Started;

    public static FaultPlan Draw(SimFault fault, int fromStep, DateTimeOffset at, StoreProfile profile, Random random) => new()
    {
        Fault = fault,
        FromStep = fromStep,
        At = at,
        EvictedPerMinute = 0.01 + (0.03 * random.NextDouble()),
        ShortTtlSeconds = Math.Max(60, profile.SessionTtl.TotalSeconds * (0.05 + (0.2 * random.NextDouble()))),
        RefusedShare = 0.7 + (0.3 * random.NextDouble()),
        OrphanShare = 0.2 + (0.4 * random.NextDouble()),
        BotSurge = 0.5 + (0.5 * random.NextDouble()),
    };
}
