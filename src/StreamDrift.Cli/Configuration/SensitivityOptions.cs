using StreamDrift.Core.Detection;
namespace StreamDrift.Cli.Configuration;

/// <summary>
/// A preset plus optional overrides of single thresholds; an unset override keeps the preset's value.
/// </summary>
internal sealed record SensitivityOptions
{
    /// <summary>Default <see cref="Sensitivity.Medium"/>.</summary>
    public Sensitivity Level { get; init; } = Sensitivity.Medium;

    /// <summary>Robust z-score from the baseline beyond which a window is material. Limits 0.5 to 50.</summary>
    public double? MinRobustZ { get; init; }

    /// <summary>Smallest absolute drift, in keys, that can be material. Limits 0 to 10,000,000.</summary>
    public long? MinAbsoluteKeys { get; init; }

    /// <summary>Smallest relative drift (fraction of active users) that can be material. Limits 0 to 10.</summary>
    public double? MinRelative { get; init; }

    /// <summary>Consecutive material windows before an alert opens. Limits 1 to 100.</summary>
    public int? SustainedWindows { get; init; }

    /// <summary>Consecutive material windows before an alert opens when direct evidence names its cause. Limits 1 to 100.</summary>
    public int? CorroboratedWindows { get; init; }

    /// <summary>Consecutive normal windows before an open alert resolves. Limits 1 to 100.</summary>
    public int? ResolveWindows { get; init; }
}
