using StreamDrift.Core.Detection;
using StreamDrift.Core.Signals;
using StreamDrift.Core.Windows;

namespace StreamDrift.Core.Tests.Classification;

/// <summary>
/// Synthetic windows of one store with a healthy shape (10,000 users, as many keys, 30-minute TTLs,
/// a shared instance at 60% memory); each test bends one part of it.
/// </summary>
internal static class Scenario
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    public static readonly SessionEventCounts HealthyEvents = new(New: 600, Set: 3000, HSet: 0, Del: 100, Expired: 500,
        Evicted: 0, Expire: 3000, Persist: 0, RenamedIn: 0, RenamedOut: 0, Other: 0);

    public static RedisHealth Health(long sessionKeys, long otherKeys = 20_000) => new()
    {
        SampledAt = T0,
        UsedMemoryBytes = 600,
        MaxMemoryBytes = 1000,
        MaxMemoryPolicy = "allkeys-lru",
        ConnectedClients = 100,
        MaxClients = 10_000,
        InstantaneousOpsPerSecond = 5000,
        DbKeys = sessionKeys + otherKeys,
        DbExpires = sessionKeys,
    };

    public static TtlSummary HealthyTtl => new(T0, 200, 0, 200, 900, 1620, 1800);

    public static DriftWindow Window(int index, double keys = 10_000, double users = 10_000) => new()
    {
        StoreId = "store-1",
        Start = T0.AddMinutes(index),
        End = T0.AddMinutes(index + 1),
        SessionKeys = keys,
        ActiveUsers = users,
        Orders = 50,
        Samples = 2,
        Events = HealthyEvents,
        Health = Health((long)keys),
        Ttl = HealthyTtl,
        Trend = new DriftTrend(-100, 0, 100),
    };

    public static IReadOnlyList<DriftWindow> History(int count = 10) =>
        [.. Enumerable.Range(0, count).Select(i => Window(i, 10_000 + (i % 3 * 10), 10_000 - (i % 2 * 10)))];

    public static DetectorVerdict Verdict(DriftWindow window, DriftState state = DriftState.Alerting, DriftState previous = DriftState.Material) => new()
    {
        Window = window,
        State = state,
        PreviousState = previous,
        BaselineRatio = 0,
        ExpectedDrift = 0,
        RobustZ = state == DriftState.Normal ? 0.5 : 12,
        ConsecutiveMaterial = state == DriftState.Normal ? 0 : 3,
        Learned = state == DriftState.Normal,
    };
}
