namespace StreamDrift.Core.Classification;

/// <summary>
/// The classifier's answer for one window: the most likely cause, how sure it is, the figures it
/// based that on (by name, so they travel into the alert's evidence map), a human reading and the
/// standard mitigations for the cause.
/// </summary>
public sealed record Diagnosis(
    Cause Cause,
    double Confidence,
    IReadOnlyDictionary<string, double> Evidence,
    string Reading,
    IReadOnlyList<string> Mitigations)
{
    /// <summary>A healthy window: nothing to explain.</summary>
    public static Diagnosis None { get; } = new(Cause.None, 1.0, new Dictionary<string, double>(), "Drift within the store's baseline.", []);
}
