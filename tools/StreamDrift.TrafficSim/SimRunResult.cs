using StreamDrift.Core.Classification;

namespace StreamDrift.TrafficSim;

/// <summary>What one run showed: healthy windows and false alerts, and for a fault run the first alert after it.</summary>
internal sealed record SimRunResult
{
    public required SimRunSpec Spec { get; init; }
    public required StoreProfile Profile { get; init; }
    public required int HealthyWindows { get; init; }
    public required int FalseAlerts { get; init; }
    public required double HealthyDays { get; init; }
    public DateTimeOffset? FaultAt { get; init; }
    /// <summary>When the fault's effect first passed the sensitivity's key and percent floors (null: never).</summary>
    public DateTimeOffset? MaterialAt { get; init; }
    public Cause? FirstCause { get; init; }
    public DateTimeOffset? FirstAlertAt { get; init; }
    /// <summary>End of the first window of the material run that led to the first alert (the detector saw the effect).</summary>
    public DateTimeOffset? DetectorMaterialAt { get; init; }
    /// <summary>End of the first window of that run the detector judged alerting (the sustained rule held).</summary>
    public DateTimeOffset? AlertingAt { get; init; }
    /// <summary>Windows from material to the first alert (rounded up; 0 when it came in the same window).</summary>
    public int? LatencyWindows { get; init; }
    public IReadOnlyList<string> FalseAlertNotes { get; init; } = [];
    /// <summary>The first alert's reading and evidence (for --verbose).</summary>
    public string? FirstReading { get; init; }
}
