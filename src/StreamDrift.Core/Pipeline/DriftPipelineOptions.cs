using StreamDrift.Core.Detection;
using StreamDrift.Core.Options;

namespace StreamDrift.Core.Pipeline;

/// <summary>
/// Settings of the join, the windows and the detector. Defaults suit connectors that report every
/// 30-60 s; validated once by <see cref="Validate"/> (the pipeline calls it) with a message naming the setting.
/// </summary>
public sealed record DriftPipelineOptions
{
    /// <summary>Event-time tumbling window length. Default 60 s; from 1 s to 1 h.</summary>
    public TimeSpan WindowSize { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Allowed lateness: a window closes when the scheduler clock minus this passes its end, and samples
    /// arriving later are rejected as <c>LateBeyondGrace</c>. Default 30 s; from 0 to 1 h.
    /// </summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A store with no sample for this long (event time, to the window end) is stale: drift unknown. Default 180 s; at least 1 s.</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromSeconds(180);

    /// <summary>How far a sample's event time may lie ahead of the clock (connector clock skew). Default 60 s; from 0 to 1 h.</summary>
    public TimeSpan FutureTolerance { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Horizon of the rolling drift trend (min / mean / max) and of the coarse keys-and-users history
    /// (<see cref="Windows.StoreHistory"/>: a minute per bucket over the last two hours, five minutes before). Default 24 h; from 1 min to 7 days.
    /// </summary>
    public TimeSpan TrendHorizon { get; init; } = TimeSpan.FromHours(24);

    /// <summary>The watched stores. Null (default): a store is known once the Redis side has published a snapshot of it.</summary>
    public IReadOnlySet<string>? KnownStores { get; init; }

    /// <summary>Detector settings for every store without an override. Default: the medium preset.</summary>
    public DetectorOptions Detector { get; init; } = DetectorOptions.For(Sensitivity.Medium);

    /// <summary>Per-store detector settings, by store id. Default: none.</summary>
    public IReadOnlyDictionary<string, DetectorOptions> StoreDetectors { get; init; } = new Dictionary<string, DetectorOptions>();

    /// <summary>Open windows a store can hold at once: everything between the watermark and the future tolerance.</summary>
    internal int OpenWindows => (int)Math.Ceiling((Grace + FutureTolerance).Ticks / (double)WindowSize.Ticks) + 3;

    /// <summary>
    /// Seconds of per-second key history the as-of join can reach: an accepted sample lies in a window not yet
    /// closed, which starts at most grace plus two windows before the clock (the close runs once per window),
    /// and the future tolerance covers a Redis clock ahead of the scheduler's. Older history is kept coarse only.
    /// </summary>
    internal int JoinHistorySeconds => (int)Math.Ceiling((Grace + WindowSize + WindowSize + FutureTolerance).TotalSeconds) + 16;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        OptionGuard.Require(WindowSize >= TimeSpan.FromSeconds(1) && WindowSize <= TimeSpan.FromHours(1), nameof(DriftPipelineOptions), nameof(WindowSize), "must be between 1 s and 1 h");
        OptionGuard.Require(Grace >= TimeSpan.Zero && Grace <= TimeSpan.FromHours(1), nameof(DriftPipelineOptions), nameof(Grace), "must be between 0 and 1 h");
        OptionGuard.Require(StaleAfter >= TimeSpan.FromSeconds(1), nameof(DriftPipelineOptions), nameof(StaleAfter), "must be at least 1 s");
        OptionGuard.Require(FutureTolerance >= TimeSpan.Zero && FutureTolerance <= TimeSpan.FromHours(1), nameof(DriftPipelineOptions), nameof(FutureTolerance), "must be between 0 and 1 h");
        OptionGuard.Require(TrendHorizon >= TimeSpan.FromMinutes(1) && TrendHorizon <= TimeSpan.FromDays(7), nameof(DriftPipelineOptions), nameof(TrendHorizon), "must be between 1 min and 7 days");
        ArgumentNullException.ThrowIfNull(Detector, $"{nameof(DriftPipelineOptions)}.{nameof(Detector)}");
        Detector.Validate($"{nameof(DriftPipelineOptions)}.{nameof(Detector)}");
        ArgumentNullException.ThrowIfNull(StoreDetectors, $"{nameof(DriftPipelineOptions)}.{nameof(StoreDetectors)}");
        foreach (var (store, detector) in StoreDetectors)
        {
            detector.Validate($"{nameof(DriftPipelineOptions)}.{nameof(StoreDetectors)}[{store}]");
        }
    }

}
