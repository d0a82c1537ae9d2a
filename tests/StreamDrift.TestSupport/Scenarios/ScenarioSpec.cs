using StreamDrift.Storefront;

namespace StreamDrift.TestSupport.Scenarios;

/// <summary>
/// One end-to-end scenario: a storefront with <see cref="Shoppers"/> shoppers, optionally a fault switched on
/// at <see cref="FaultFrom"/> and off at <see cref="FaultUntil"/>, watched by <c>streamdrift run</c> with
/// <see cref="Window"/>-long windows for <see cref="Duration"/>.
/// </summary>
public sealed record ScenarioSpec(Fault Fault, int Seed, TimeSpan Duration, TimeSpan FaultFrom, TimeSpan? FaultUntil)
{
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(1);

    public int Shoppers { get; init; } = 400;

    /// <summary>The session timeout, scaled down like the windows so sessions turn over within a scenario.</summary>
    public TimeSpan SessionTtl { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The detector's sensitivity: a few hundred shoppers drift by tens of keys, below medium's 200-key floor.</summary>
    public string Sensitivity { get; init; } = "high";

    public string Name => FaultUntil is { } until
        ? $"{Fault}@{FaultFrom.TotalSeconds:0}-{until.TotalSeconds:0}s seed {Seed}"
        : $"{Fault}@{FaultFrom.TotalSeconds:0}s seed {Seed}";

    /// <summary>A fault scenario: 20 s of healthy traffic to learn the baseline, the fault for <paramref name="faultFor"/>, then recovery.</summary>
    public static ScenarioSpec ForFault(Fault fault, int seed, TimeSpan? faultFor = null, TimeSpan? recovery = null)
    {
        var from = TimeSpan.FromSeconds(20);
        // Orphans only show once the TTL they were written without would have run out, then pile up at the
        // rate shoppers leave: they need longer to become material than faults that remove keys at once.
        var until = from + (faultFor ?? TimeSpan.FromSeconds(fault == Fault.OrphanedSessions ? 30 : 15));
        return new ScenarioSpec(fault, seed, until + (recovery ?? TimeSpan.FromSeconds(20)), from, until);
    }

    /// <summary>A healthy run of about <paramref name="windows"/> judged windows.</summary>
    public static ScenarioSpec Healthy(int seed, int windows) =>
        new(Fault.None, seed, TimeSpan.FromSeconds(windows + 15), TimeSpan.Zero, null);
}
