using StreamDrift.Core.Options;

namespace StreamDrift.Core.Alerts;

/// <summary>When an open alert is worth an UPDATED record, and how much history the classifier gets.</summary>
public sealed class AlertTrackerOptions
{
    /// <summary>Confidence change that warrants an update. Default 0.1; (0, 1].</summary>
    public double ConfidenceStep { get; set; } = 0.1;

    /// <summary>Relative deepening of the peak drift that warrants an update. Default 0.25; must be positive.</summary>
    public double PeakGrowth { get; set; } = 0.25;

    /// <summary>Healthy windows kept per store for the classifier. Default 30; at least 1.</summary>
    public int HistoryWindows { get; set; } = 30;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        OptionGuard.Require(ConfidenceStep is > 0 and <= 1, nameof(AlertTrackerOptions), nameof(ConfidenceStep), "must be in (0, 1]");
        OptionGuard.Require(PeakGrowth > 0, nameof(AlertTrackerOptions), nameof(PeakGrowth), "must be positive");
        OptionGuard.Require(HistoryWindows >= 1, nameof(AlertTrackerOptions), nameof(HistoryWindows), "must be at least 1");
    }
}
