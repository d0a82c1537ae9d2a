using StreamDrift.Core.Alerts;
using StreamDrift.Core.Classification;
using StreamDrift.Core.Detection;
using StreamDrift.Core.Pipeline;

namespace StreamDrift.Cli.Configuration;

/// <summary>
/// Maps a store's validated settings to the Core options that judge it (<see cref="JudgingPipeline"/>): the same mapping for
/// <c>run</c>, <c>demo</c> and <c>replay</c>, so a replay tunes exactly what production runs.
/// </summary>
internal static class StoreJudging
{
    public static JudgingOptions Options(StoreOptions store) => new()
    {
        Pipeline = PipelineOptions(store),
        Classifier = new ClassifierOptions { SessionTimeout = store.SessionTtl },
        Tracker = new AlertTrackerOptions(),
    };

    private static DriftPipelineOptions PipelineOptions(StoreOptions store) => new()
    {
        WindowSize = store.Window,
        Grace = store.Grace,
        StaleAfter = store.StaleAfter,
        KnownStores = new HashSet<string>(StringComparer.Ordinal) { store.Id },
        Detector = Detector(store.Sensitivity) with { SessionTtl = store.SessionTtl },
    };

    public static DetectorOptions Detector(SensitivityOptions sensitivity)
    {
        var preset = DetectorOptions.For(sensitivity.Level);
        return preset with
        {
            ZThreshold = sensitivity.MinRobustZ ?? preset.ZThreshold,
            MinAbsoluteKeys = sensitivity.MinAbsoluteKeys ?? preset.MinAbsoluteKeys,
            MinRatioChange = sensitivity.MinRelative ?? preset.MinRatioChange,
            SustainedWindows = sensitivity.SustainedWindows ?? preset.SustainedWindows,
            CorroboratedWindows = sensitivity.CorroboratedWindows ?? preset.CorroboratedWindows,
            ResolveWindows = sensitivity.ResolveWindows ?? preset.ResolveWindows,
        };
    }
}
