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
    /// <summary>
    /// True when the cause was named from direct evidence: a Redis-side observation specific to it (writes refused,
    /// a read-only replica, evictions on the session prefix, short or missing TTLs in the sample, persist events,
    /// keys moved to another prefix, bot lifetimes in the sample), not from rates per user alone. Direct evidence
    /// lets an alert open after <c>DetectorOptions.CorroboratedWindows</c> material windows instead of the full run.
    /// </summary>
    public bool Direct { get; init; }

    /// <summary>A healthy window: nothing to explain.</summary>
    public static Diagnosis None { get; } = new(Cause.None, 1.0, new Dictionary<string, double>(), "Drift within the store's baseline.", []);
}
