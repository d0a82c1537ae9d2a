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

    /// <summary>
    /// Windows an alert may wait for evidence before it opens as UNKNOWN: the first alert's cause is what reaches
    /// a pager, and TTL samples and INFO arrive later than the count (a reconcile every few minutes). An alert
    /// opens as soon as a cause is named, or as UNKNOWN after this many alerting windows. Default 3; 0 opens at once.
    /// A store that alerts on corroboration (<see cref="Detection.DetectorOptions.CorroboratedWindows"/>, direct evidence
    /// after fewer material windows) has its cause named by definition, so its alert never waits.
    /// </summary>
    public int EvidenceWaitWindows { get; set; } = 3;

    /// <summary>
    /// Windows an UNKNOWN alert may wait while fewer than two TTL samples were taken since the drift began: sampled
    /// TTLs tell early expiry and orphans, they come with each reconcile (every 5 min by default, 5 windows of 60 s),
    /// and a bad TTL shows only as keys written since take over the sample. Default 10; never shorter than
    /// <see cref="EvidenceWaitWindows"/>.
    /// </summary>
    public int ReconcileWaitWindows { get; set; } = 10;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        OptionGuard.Require(ConfidenceStep is > 0 and <= 1, nameof(AlertTrackerOptions), nameof(ConfidenceStep), "must be in (0, 1]");
        OptionGuard.Require(PeakGrowth > 0, nameof(AlertTrackerOptions), nameof(PeakGrowth), "must be positive");
        OptionGuard.Require(HistoryWindows >= 1, nameof(AlertTrackerOptions), nameof(HistoryWindows), "must be at least 1");
        OptionGuard.Require(EvidenceWaitWindows is >= 0 and <= 100, nameof(AlertTrackerOptions), nameof(EvidenceWaitWindows), "must be between 0 and 100");
        OptionGuard.Require(ReconcileWaitWindows is >= 0 and <= 100, nameof(AlertTrackerOptions), nameof(ReconcileWaitWindows), "must be between 0 and 100");
    }
}
