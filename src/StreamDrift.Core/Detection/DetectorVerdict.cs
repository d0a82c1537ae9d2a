using StreamDrift.Core.Windows;

namespace StreamDrift.Core.Detection;

/// <summary>
/// The detector's reading of one closed window: the state after it, the learned baseline of the drift
/// drift it was judged against, and how far off the window was. The alert lifecycle and the classifier
/// take it from here.
/// </summary>
public sealed record DetectorVerdict
{
    public required DriftWindow Window { get; init; }
    public required DriftState State { get; init; }
    public required DriftState PreviousState { get; init; }
    /// <summary>The expected drift as a share of users: (expected keys - users) / users (null while learning).</summary>
    public double? BaselineRatio { get; init; }
    /// <summary>Robust z-score of this window's ratio against the baseline (null while learning or stale).</summary>
    public double? RobustZ { get; init; }
    /// <summary>The drift the baseline expects for this window's users: baseline ratio x users.</summary>
    public double? ExpectedDrift { get; init; }
    /// <summary>Keys the model expects: keys per active user x active users + keys per shopper x lingering shoppers.</summary>
    public double? ExpectedKeys { get; init; }
    /// <summary>Shoppers who left but whose session keys have not expired yet (Little's law; see <see cref="TrafficModel"/>).</summary>
    public double? Lingering { get; init; }
    /// <summary>The learned session keys per active user, lingering keys aside (null while learning).</summary>
    public double? KeysPerShopper { get; init; }
    /// <summary>Growth per window of the residual (keys minus expected keys) over the last few windows.</summary>
    public double? ResidualGrowth { get; init; }
    /// <summary>Set when this window's level became the new baseline (re-learned or accepted by an operator).</summary>
    public LevelAccepted Accepted { get; init; }
    /// <summary>True when the window was learned into the baseline (calm, and not statistically off): the healthy history the classifier compares with.</summary>
    public bool Learned { get; init; }
    /// <summary>
    /// True when the store started alerting on this window before the full sustained run because the classifier named
    /// the drift's cause from direct evidence (see <see cref="DetectorOptions.CorroboratedWindows"/>).
    /// </summary>
    public bool Corroborated { get; init; }
    /// <summary>Consecutive material windows so far, this one included.</summary>
    public int ConsecutiveMaterial { get; init; }

    public bool Opened => State == DriftState.Alerting && PreviousState != DriftState.Alerting;
    public bool Resolved => PreviousState == DriftState.Alerting && State != DriftState.Alerting;
}
