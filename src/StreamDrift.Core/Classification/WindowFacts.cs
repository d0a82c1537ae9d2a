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
    public double? HealthyExpiredPerUser { get; init; }
    public double? HealthyOpsPerUser { get; init; }
    public double? HealthyOrdersPerUser { get; init; }
    public double? HealthyTtlP50 { get; init; }
    /// <summary>Median longest sampled TTL of the healthy windows: near the timeout where writes refresh it.</summary>
    public double? HealthyTtlMax { get; init; }
    /// <summary>Median bot share of the TTL samples of the healthy windows (layouts with bot lifetimes only).</summary>
    public double? HealthyBotShare { get; init; }
    /// <summary>The DB's non-session keys before the fault: the fewest among the recent healthy windows (a prefix change moves keys there at once).</summary>
    public double? LastHealthyOtherKeys { get; init; }
    /// <summary>The DB's keys in that same healthy window.</summary>
    public double? LastHealthyDbKeys { get; init; }
    /// <summary>Whether that window's other keys were read against the session count of its own INFO snapshot.</summary>
    public bool LastHealthyOtherKeysAtSnapshot { get; init; }
    /// <summary>Median active users of the last few healthy windows: the level users rose or fell from.</summary>
    public double? RecentUsers { get; init; }
    /// <summary>Session keys per shopper the model learned (keys per active user, lingering keys aside).</summary>
    public double KeysPerShopper { get; init; } = 1;
    /// <summary>Growth per window of the keys the model does not explain.</summary>
    public double ResidualGrowth { get; init; }

    /// <summary>Session keys evicted since the store was last healthy, this window included.</summary>
    public double EvictedSinceHealthy { get; init; }
    /// <summary>The seconds those windows span.</summary>
    public double SecondsSinceHealthy { get; init; }

    /// <summary>Keys below what the baseline expects (positive: shoppers logged out; negative: surplus).</summary>
    public double Missing => ExpectedDrift - Drift;

    public double WritesPerSecond => Window.Events.Writes / Seconds;

    /// <summary>Share of bot sessions in the window's TTL sample, for layouts that give bots their own lifetimes.</summary>
    public double? BotShare => Window.Ttl?.BotShare;

    /// <summary>Shoppers without the keys the model expects for them (positive: logged out; bots have none).</summary>
    public double MissingShoppers => Missing / Math.Max(KeysPerShopper, 0.2);

    /// <summary>Writes per user who still has the keys the model expects: bots lower writes per user, not this.</summary>
    public double WritesPerKeyedUser => Window.Events.Writes / Math.Max(Users - Math.Max(MissingShoppers, 0), 1);

    public double ExpiredPerUser => Window.Events.Expired / Math.Max(Users, 1);

    public double WritesPerUser => Window.Events.Writes / Math.Max(Users, 1);

    public double NewPerSecond => Window.Events.New / Seconds;

    public double ExpiredPerSecond => Window.Events.Expired / Seconds;

    /// <summary>Keys in the DB outside the session prefixes, when INFO keyspace is known.</summary>
    public double? OtherKeys => Window.Health is { DbKeys: > 0 } h ? Math.Max(0, h.DbKeys - (Window.SessionKeysAtHealth ?? Keys)) : null;

    public static WindowFacts From(DetectorVerdict verdict, IReadOnlyList<DriftWindow> history, IReadOnlyList<DriftWindow> sinceHealthy)
    {
        var w = verdict.Window;
        var users = w.ActiveUsers ?? 0;
        var recent = history.Count > RecentWindows ? history.Skip(history.Count - RecentWindows).ToList() : history;
        // The fewest other keys among the recent healthy windows: windows judged normal after a fault began but
        // before it was material may already hold keys written under a new prefix.
        DriftWindow? fewest = null;
        foreach (var h in history.Count > OtherKeysWindows ? history.Skip(history.Count - OtherKeysWindows) : history)
        {
            if (h is { Health.DbKeys: > 0, SessionKeys: { } } && (fewest is null || OtherOf(h) < OtherOf(fewest)))
            {
                fewest = h;
            }
        }
        return new WindowFacts
        {
            HealthyExpiredPerUser = Median(history, h => h.ActiveUsers is { } u ? h.Events.Expired / Math.Max(u, 1) : null),
            HealthyOpsPerUser = Median(history, h => h.ActiveUsers is { } u && h.Health is { } hh ? hh.InstantaneousOpsPerSecond / Math.Max(u, 1) : null),
            HealthyOrdersPerUser = Median(history, h => h.ActiveUsers is { } u && h.Orders is { } o ? o / Math.Max(u, 1) : null),
            HealthyTtlP50 = Median(history, h => h.Ttl is { Sampled: > 0 } t ? t.P50Seconds : null),
            HealthyTtlMax = Median(history, h => h.Ttl is { Sampled: > 0 } t ? t.MaxSeconds : null),
            HealthyBotShare = Median(history, h => h.Ttl?.BotShare),
            LastHealthyOtherKeys = fewest is null ? null : OtherOf(fewest),
            LastHealthyDbKeys = fewest?.Health?.DbKeys,
            LastHealthyOtherKeysAtSnapshot = fewest?.SessionKeysAtHealth is not null,
            RecentUsers = Median(recent, h => h.ActiveUsers),
            KeysPerShopper = verdict.KeysPerShopper ?? 1 + (verdict.BaselineRatio ?? 0),
            ResidualGrowth = verdict.ResidualGrowth ?? 0,
            Window = w,
            Keys = w.SessionKeys ?? 0,
            Users = users,
            Drift = w.Drift ?? 0,
            ExpectedDrift = verdict.ExpectedDrift ?? (verdict.BaselineRatio is { } b ? b * Math.Max(users, 1) : 0),
            Seconds = w.Seconds,
            EvictedSinceHealthy = w.Events.Evicted + sinceHealthy.Sum(d => (double)d.Events.Evicted),
            SecondsSinceHealthy = w.Seconds + sinceHealthy.Sum(d => d.Seconds),
            HistoryCount = history.Count,
            HealthyUsers = Median(history, h => h.ActiveUsers),
            HealthyWritesPerSecond = Median(history, h => h.Events.Writes / h.Seconds),
            HealthyWritesPerUser = Median(history, h => h.ActiveUsers is { } u ? h.Events.Writes / Math.Max(u, 1) : null),
            HealthyOpsPerSecond = Median(history, h => h.Health?.InstantaneousOpsPerSecond),
            HealthyOrders = Median(history, h => h.Orders),
            HealthyOtherKeys = Median(history, h => h.Health is { DbKeys: > 0 } hh && (h.SessionKeysAtHealth ?? h.SessionKeys) is { } k ? Math.Max(0, hh.DbKeys - k) : null),
            HealthyDbKeys = Median(history, h => h.Health is { DbKeys: > 0 } hh ? hh.DbKeys : null),
            HealthyExpiredPerSecond = Median(history, h => h.Events.Expired / h.Seconds),
            HealthyNewPerSecond = Median(history, h => h.Events.New / h.Seconds),
            HealthyDrift = Median(history, h => h.Drift),
        };
    }

    /// <summary>Healthy windows the reference of the DB's other keys is looked for in.</summary>
    private const int OtherKeysWindows = 10;

    private static double OtherOf(DriftWindow w) => Math.Max(0, w.Health!.DbKeys - (w.SessionKeysAtHealth ?? w.SessionKeys!.Value));

    /// <summary>Healthy windows the "recent" level of users is taken over.</summary>
    private const int RecentWindows = 5;

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
