using StreamDrift.Core.Detection;
using StreamDrift.Core.Windows;

namespace StreamDrift.Core.Classification;

/// <summary>
/// The figures of one judged window set against the store's recent healthy windows: what the
/// classifier's rules read. Medians rather than means so one odd healthy window cannot move them.
/// </summary>
internal sealed record WindowFacts
{
    public required DriftWindow Window { get; init; }
    public required double Keys { get; init; }
    public required double Users { get; init; }
    public required double Drift { get; init; }
    public required double ExpectedDrift { get; init; }
    public required double Seconds { get; init; }
    public required int HistoryCount { get; init; }
    public double? HealthyUsers { get; init; }
    public double? HealthyWritesPerSecond { get; init; }
    public double? HealthyWritesPerUser { get; init; }
    public double? HealthyOpsPerSecond { get; init; }
    public double? HealthyOrders { get; init; }
    public double? HealthyOtherKeys { get; init; }
    public double? HealthyDbKeys { get; init; }
    public double? HealthyExpiredPerSecond { get; init; }
    public double? HealthyNewPerSecond { get; init; }
    public double? HealthyDrift { get; init; }

    /// <summary>Keys below what the baseline expects (positive: shoppers logged out; negative: surplus).</summary>
    public double Missing => ExpectedDrift - Drift;

    public double WritesPerSecond => Window.Events.Writes / Seconds;

    public double WritesPerUser => Window.Events.Writes / Math.Max(Users, 1);

    public double NewPerSecond => Window.Events.New / Seconds;

    public double ExpiredPerSecond => Window.Events.Expired / Seconds;

    /// <summary>Keys in the DB outside the session prefixes, when INFO keyspace is known.</summary>
    public double? OtherKeys => Window.Health is { DbKeys: > 0 } h ? Math.Max(0, h.DbKeys - Keys) : null;

    public static WindowFacts From(DetectorVerdict verdict, IReadOnlyList<DriftWindow> history)
    {
        var w = verdict.Window;
        var users = w.ActiveUsers ?? 0;
        return new WindowFacts
        {
            Window = w,
            Keys = w.SessionKeys ?? 0,
            Users = users,
            Drift = w.Drift ?? 0,
            ExpectedDrift = verdict.ExpectedDrift ?? (verdict.BaselineRatio is { } b ? b * Math.Max(users, 1) : 0),
            Seconds = Math.Max((w.End - w.Start).TotalSeconds, 1),
            HistoryCount = history.Count,
            HealthyUsers = Median(history, h => h.ActiveUsers),
            HealthyWritesPerSecond = Median(history, h => h.Events.Writes / Math.Max((h.End - h.Start).TotalSeconds, 1)),
            HealthyWritesPerUser = Median(history, h => h.ActiveUsers is { } u ? h.Events.Writes / Math.Max(u, 1) : null),
            HealthyOpsPerSecond = Median(history, h => h.Health?.InstantaneousOpsPerSecond),
            HealthyOrders = Median(history, h => h.Orders),
            HealthyOtherKeys = Median(history, h => h.Health is { DbKeys: > 0 } hh && h.SessionKeys is { } k ? Math.Max(0, hh.DbKeys - k) : null),
            HealthyDbKeys = Median(history, h => h.Health is { DbKeys: > 0 } hh ? hh.DbKeys : null),
            HealthyExpiredPerSecond = Median(history, h => h.Events.Expired / Math.Max((h.End - h.Start).TotalSeconds, 1)),
            HealthyNewPerSecond = Median(history, h => h.Events.New / Math.Max((h.End - h.Start).TotalSeconds, 1)),
            HealthyDrift = Median(history, h => h.Drift),
        };
    }

    private static double? Median(IReadOnlyList<DriftWindow> history, Func<DriftWindow, double?> pick)
    {
        var values = new List<double>(history.Count);
        foreach (var h in history)
        {
            if (pick(h) is { } v && double.IsFinite(v))
            {
                values.Add(v);
            }
        }
        if (values.Count == 0)
        {
            return null;
        }
        values.Sort();
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
