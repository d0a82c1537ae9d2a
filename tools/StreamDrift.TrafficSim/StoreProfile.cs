namespace StreamDrift.TrafficSim;

/// <summary>One simulated storefront's constants, drawn from a seed: sizes and habits real stores differ in.</summary>
internal sealed record StoreProfile
{
    public required TimeSpan SessionTtl { get; init; }
    /// <summary>The connector's "active" window: a shopper counts as active this long after the last request.</summary>
    public required int ActiveWindowSeconds { get; init; }
    /// <summary>Mean time from a shopper's first to last request.</summary>
    public required double VisitSeconds { get; init; }
    /// <summary>Mean seconds between one shopper's requests.</summary>
    public required double RequestGapSeconds { get; init; }
    /// <summary>Arrivals per second at the daily peak.</summary>
    public required double PeakArrivalsPerSecond { get; init; }
    /// <summary>Session keys per shopper (second tabs, second devices).</summary>
    public required double KeysPerShopper { get; init; }
    /// <summary>Steady bots as a share of real shoppers: counted by the connector, no sessions.</summary>
    public required double BotShare { get; init; }
    public required TimeSpan ConnectorEvery { get; init; }
    /// <summary>Cache keys on the same instance.</summary>
    public required double CacheKeys { get; init; }
    /// <summary>True for an instance whose cache runs at maxmemory and evicts cache keys all day (INFO evicted_keys above 0 while sessions are fine).</summary>
    public required bool CacheEvictsAllDay { get; init; }
    public required string MaxMemoryPolicy { get; init; }

    public static StoreProfile Draw(Random random)
    {
        int[] ttlMinutes = [5, 10, 15, 20, 30, 45, 60];
        int[] active = [60, 120, 300, 300, 600, 900];
        var ttl = TimeSpan.FromMinutes(ttlMinutes[random.Next(ttlMinutes.Length)]);
        return new StoreProfile
        {
            SessionTtl = ttl,
            ActiveWindowSeconds = active[random.Next(active.Length)],
            VisitSeconds = 60 * (4 + (16 * random.NextDouble())),
            RequestGapSeconds = 10 + (30 * random.NextDouble()),
            PeakArrivalsPerSecond = 3 + (37 * random.NextDouble()),
            KeysPerShopper = 1 + (0.2 * random.NextDouble()),
            BotShare = 0.01 + (0.04 * random.NextDouble()),
            ConnectorEvery = TimeSpan.FromSeconds(30 + random.Next(31)),
            CacheKeys = 50_000 + (450_000 * random.NextDouble()),
            CacheEvictsAllDay = random.NextDouble() < 0.3,
            MaxMemoryPolicy = random.NextDouble() < 0.7 ? "allkeys-lru" : "volatile-lru",
        };
    }
}
