using StreamDrift.Core.Options;

namespace StreamDrift.Core.Detection;

/// <summary>
/// How the detector judges one store's windows. A window is material when its drift ratio is far from the
/// learned baseline on all three scales at once: robust z-score, absolute keys and ratio points. Start from
/// a preset (<see cref="For(Sensitivity)"/>, defaults below are <see cref="Sensitivity.Medium"/>) and override
/// per store with <c>with</c>.
/// </summary>
public sealed record DetectorOptions
{
    /// <summary>Healthy windows the rolling baseline (median and MAD of the drift ratio) is taken over. Default 60 (1 h of 60 s windows); at least 5.</summary>
    public int BaselineWindows { get; init; } = 60;

    /// <summary>Healthy windows needed before judging at all; until then every window is normal and learned. Default 10; at least 3, at most <see cref="BaselineWindows"/>.</summary>
    public int MinBaselineWindows { get; init; } = 10;

    /// <summary>|robust z| at or above which a window can be material. Default 4.0 (medium); low 6.0, high 3.0. Positive.</summary>
    public double ZThreshold { get; init; } = 4.0;

    /// <summary>Keys off the expected drift (baseline ratio x users) needed as well. Default 200 (medium); low 500, high 50. Non-negative.</summary>
    public double MinAbsoluteKeys { get; init; } = 200;

    /// <summary>Drift-ratio points off the baseline needed as well (0.10 = 10 % of users). Default 0.10 (medium); low 0.20, high 0.05. Non-negative.</summary>
    public double MinRatioChange { get; init; } = 0.10;

    /// <summary>Floor of the robust scale (1.4826 x MAD), so a very steady store's tiny jitter is not infinitely significant. Default 0.01. Positive.</summary>
    public double MinScale { get; init; } = 0.01;

    /// <summary>Consecutive material windows before an alert opens. Default 3 (medium); low 5, high 2. At least 1.</summary>
    public int SustainedWindows { get; init; } = 3;

    /// <summary>
    /// Consecutive material windows before an alert opens when the classifier names the window's cause from direct
    /// evidence (a read-only replica or refused writes, evictions on the session prefix, short or missing TTLs in the
    /// sample, persist events, keys moved to another prefix, bot lifetimes in the sample): such a Redis-side
    /// observation corroborates the drift as well as more windows of it would, so the store need not wait out the
    /// full <see cref="SustainedWindows"/>. Rates per user alone never corroborate. Default 2 (medium); low 3, high 1.
    /// At least 1; a value above <see cref="SustainedWindows"/> has no effect.
    /// </summary>
    public int CorroboratedWindows { get; init; } = 2;

    /// <summary>Consecutive calm windows before an open alert resolves. Default 3; at least 1.</summary>
    public int ResolveWindows { get; init; } = 3;

    /// <summary>
    /// Hysteresis: while alerting, a window is calm only when below this fraction of every materiality
    /// threshold, so a drift hovering at the threshold neither re-opens nor resolves the alert. Default 0.5; in (0, 1].
    /// </summary>
    public double ResolveFactor { get; init; } = 0.5;

    /// <summary>
    /// The storefront's session timeout: keys of shoppers who left linger this long, less the connector's
    /// own "active" window, and the expected drift counts them (Little's law). Default 30 min; positive.
    /// </summary>
    public TimeSpan SessionTtl { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Re-learning horizon: an alert whose drift has held one level (stopped moving) for this many windows is
    /// a lasting shift, and that level becomes the store's new baseline (the alert resolves, marked accepted).
    /// Default 240 (4 h of 60 s windows); 0 never re-learns by itself (an operator can still accept).
    /// </summary>
    public int RelearnWindows { get; init; } = 240;

    /// <summary>The preset for a sensitivity.</summary>
    public static DetectorOptions For(Sensitivity sensitivity) => sensitivity switch
    {
        Sensitivity.Low => new DetectorOptions { ZThreshold = 6.0, MinAbsoluteKeys = 500, MinRatioChange = 0.20, SustainedWindows = 5, CorroboratedWindows = 3 },
        Sensitivity.Medium => new DetectorOptions(),
        Sensitivity.High => new DetectorOptions { ZThreshold = 3.0, MinAbsoluteKeys = 50, MinRatioChange = 0.05, SustainedWindows = 2, CorroboratedWindows = 1 },
        _ => throw new ArgumentOutOfRangeException(nameof(sensitivity), sensitivity, "unknown sensitivity"),
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate(string prefix = nameof(DetectorOptions))
    {
        OptionGuard.Require(BaselineWindows >= 5, prefix, nameof(BaselineWindows), "must be at least 5");
        OptionGuard.Require(MinBaselineWindows >= 3 && MinBaselineWindows <= BaselineWindows, prefix, nameof(MinBaselineWindows), "must be between 3 and BaselineWindows");
        OptionGuard.Require(ZThreshold > 0 && double.IsFinite(ZThreshold), prefix, nameof(ZThreshold), "must be positive");
        OptionGuard.Require(MinAbsoluteKeys >= 0 && double.IsFinite(MinAbsoluteKeys), prefix, nameof(MinAbsoluteKeys), "must not be negative");
        OptionGuard.Require(MinRatioChange >= 0 && double.IsFinite(MinRatioChange), prefix, nameof(MinRatioChange), "must not be negative");
        OptionGuard.Require(MinScale > 0 && double.IsFinite(MinScale), prefix, nameof(MinScale), "must be positive");
        OptionGuard.Require(SustainedWindows >= 1, prefix, nameof(SustainedWindows), "must be at least 1");
        OptionGuard.Require(CorroboratedWindows >= 1, prefix, nameof(CorroboratedWindows), "must be at least 1");
        OptionGuard.Require(ResolveWindows >= 1, prefix, nameof(ResolveWindows), "must be at least 1");
        OptionGuard.Require(ResolveFactor > 0 && ResolveFactor <= 1, prefix, nameof(ResolveFactor), "must be in (0, 1]");
        OptionGuard.Require(SessionTtl > TimeSpan.Zero, prefix, nameof(SessionTtl), "must be positive");
        OptionGuard.Require(RelearnWindows >= 0, prefix, nameof(RelearnWindows), "must not be negative");
    }

}
