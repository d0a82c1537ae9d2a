using StreamDrift.Core.Alerts;
using StreamDrift.Core.Classification;

namespace StreamDrift.Core.Pipeline;

/// <summary>Everything that judges one store: windows and detector, classifier, alert tracker.</summary>
public sealed record JudgingOptions
{
    public DriftPipelineOptions Pipeline { get; init; } = new();

    public ClassifierOptions Classifier { get; init; } = new();

    public AlertTrackerOptions Tracker { get; init; } = new();
}
