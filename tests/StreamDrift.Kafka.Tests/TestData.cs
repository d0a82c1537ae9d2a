using StreamDrift.Core.Alerts;
using StreamDrift.Core.Classification;
using StreamDrift.Core.Detection;
using StreamDrift.Core.Signals;
using StreamDrift.Core.Windows;

namespace StreamDrift.Kafka.Tests;

/// <summary>Fully populated records, so a field the serializer forgets shows up in a test.</summary>
internal static class TestData
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    public static TrackedWindow Window(string store, int index, double keys = 6400, double users = 9800)
    {
        var end = T0.AddMinutes(index + 1);
        var window = new DriftWindow
        {
            StoreId = store,
            Start = end.AddMinutes(-1),
            End = end,
            SessionKeys = keys,
            ActiveUsers = users,
            Orders = 42,
            Samples = 2,
            Events = new SessionEventCounts(600, 3000, 5, 100, 500, 2950, 3000, 2, 1, 1, 0),
            Health = new RedisHealth
            {
                SampledAt = end,
                EvictedKeysPerSecond = 49.5,
                ExpiredKeysPerSecond = 8.25,
                UsedMemoryBytes = 990,
                MaxMemoryBytes = 1000,
                MaxMemoryPolicy = "allkeys-lru",
                ConnectedClients = 120,
                MaxClients = 10_000,
                InstantaneousOpsPerSecond = 5200,
                DbKeys = 26_400,
                DbExpires = 6400,
            },
            Ttl = new TtlSummary(end, 200, 3, 200, 900, 1620, 1800),
            LastReconcile = new ReconcileResult(end.AddSeconds(-20), 6390, 6400, 25, 10, TimeSpan.FromMilliseconds(850), "periodic"),
            Trend = new DriftTrend(-3400, -120.5, 80),
        };
        var verdict = new DetectorVerdict
        {
            Window = window,
            State = DriftState.Alerting,
            PreviousState = DriftState.Material,
            BaselineRatio = 0.01,
            RobustZ = 14.2,
            ExpectedDrift = 98,
            ConsecutiveMaterial = 3,
        };
        var diagnosis = new Diagnosis(Cause.SessionsEvicted, 0.93, new Dictionary<string, double> { ["evicted_events"] = 2950 }, "reading", ["mitigate"]);
        return new TrackedWindow(verdict, diagnosis, null);
    }

    public static DriftAlert Alert(string store, AlertTransition transition = AlertTransition.Opened) => new()
    {
        AlertId = store + ":1795348860000",
        StoreId = store,
        Transition = transition,
        Cause = Cause.SessionsEvicted,
        Confidence = 0.93,
        Evidence = new Dictionary<string, double> { ["evicted_events"] = 2950, ["memory_used_ratio"] = 0.99 },
        Reading = "6,400 session keys for 9,800 active users: 3,400 shoppers logged out; ...",
        Mitigations = ["Move sessions to a dedicated Redis.", "Use volatile-lru."],
        OpenedAt = T0.AddMinutes(5),
        At = T0.AddMinutes(7),
        PeakDrift = -3498,
        Windows = 3,
    };
}
