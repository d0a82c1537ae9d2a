using StreamDrift.Core.Classification;

namespace StreamDrift.Core.Alerts;

/// <summary>
/// One step of an alert's lifecycle, as published on the alerts topic (schemas/drift_alert.avsc).
/// <see cref="AlertId"/> is derived from the store and the opening window, so a replayed pipeline
/// produces the same id.
/// </summary>
public sealed record DriftAlert
{
    public required string AlertId { get; init; }
    public required string StoreId { get; init; }
    public required AlertTransition Transition { get; init; }
    public required Cause Cause { get; init; }
    public required double Confidence { get; init; }
    public required IReadOnlyDictionary<string, double> Evidence { get; init; }
    public required string Reading { get; init; }
    public required IReadOnlyList<string> Mitigations { get; init; }
    /// <summary>End of the window that opened the alert.</summary>
    public required DateTimeOffset OpenedAt { get; init; }
    /// <summary>End of the window that produced this transition.</summary>
    public required DateTimeOffset At { get; init; }
    /// <summary>The drift furthest from the expected drift while the alert was open (signed).</summary>
    public required double PeakDrift { get; init; }
    /// <summary>Windows the alert has been open, this one included.</summary>
    public int Windows { get; init; } = 1;
}
