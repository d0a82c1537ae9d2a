namespace StreamDrift.TestSupport.Scenarios;

/// <summary>The fields of one <c>"type":"observation"</c> line of the JSON-lines sink that scenarios judge.</summary>
public sealed record ObservationLine(DateTimeOffset WindowStart, int Samples, double? DriftRatio, double? BaselineRatio, int ConsecutiveMaterial, string State, string Cause,
    double? SessionKeys = null, double? ActiveUsers = null, bool CountUncertain = false, double? ExpectedDrift = null, double? RobustZ = null)
{
    /// <summary>Far enough from the baseline to count (the detector's own verdict).</summary>
    public bool Material => State is "MATERIAL" or "ALERTING" && ConsecutiveMaterial > 0;

    /// <summary>
    /// The window in a few characters, for a failure message: seconds since <paramref name="origin"/>, keys/users, the
    /// state's and the cause's initials, '?' when published with an uncertain count (so never judged), and the
    /// expected drift and robust z when judged.
    /// </summary>
    public string Brief(DateTimeOffset origin) =>
        $"+{(WindowStart - origin).TotalSeconds:0}:{SessionKeys:0}/{ActiveUsers:0}{State[0]}{Cause[0]}{(CountUncertain ? "?" : "")}"
        + (ExpectedDrift is { } expected ? $"(e{expected:0},z{RobustZ:0.0})" : "");
}
