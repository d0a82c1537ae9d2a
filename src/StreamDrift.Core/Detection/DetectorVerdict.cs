using StreamDrift.Core.Windows;

namespace StreamDrift.Core.Detection;

/// <summary>
/// The detector's reading of one closed window: the state after it, the learned baseline of the drift
/// ratio it was judged against, and how far off the window was. The alert lifecycle and the classifier
/// take it from here.
/// </summary>
public sealed record DetectorVerdict
{
    public required DriftWindow Window { get; init; }
    public required DriftState State { get; init; }
    public required DriftState PreviousState { get; init; }
    /// <summary>Rolling median of the drift ratio over recent healthy windows (null while learning).</summary>
    public double? BaselineRatio { get; init; }
    /// <summary>Robust z-score of this window's ratio against the baseline (null while learning or stale).</summary>
    public double? RobustZ { get; init; }
    /// <summary>The drift the baseline expects for this window's users: baseline ratio x users.</summary>
    public double? ExpectedDrift { get; init; }
    /// <summary>Consecutive material windows so far, this one included.</summary>
    public int ConsecutiveMaterial { get; init; }

    public bool Opened => State == DriftState.Alerting && PreviousState != DriftState.Alerting;
    public bool Resolved => PreviousState == DriftState.Alerting && State != DriftState.Alerting;
}
