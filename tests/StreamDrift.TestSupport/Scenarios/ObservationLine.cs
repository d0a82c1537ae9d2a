namespace StreamDrift.TestSupport.Scenarios;

/// <summary>The fields of one <c>"type":"observation"</c> line of the JSON-lines sink that scenarios judge.</summary>
public sealed record ObservationLine(DateTimeOffset WindowStart, int Samples, double? DriftRatio, double? BaselineRatio, int ConsecutiveMaterial, string State, string Cause,
    double? SessionKeys = null, double? ActiveUsers = null, bool CountUncertain = false, double? ExpectedDrift = null, double? RobustZ = null)
{
    /// <summary>Far enough from the baseline to count (the detector's own verdict).</summary>
    public bool Material => State is "MATERIAL" or "ALERTING" && ConsecutiveMaterial > 0;
}
