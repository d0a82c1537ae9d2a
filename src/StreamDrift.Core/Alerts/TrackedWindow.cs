using StreamDrift.Core.Classification;
using StreamDrift.Core.Detection;

namespace StreamDrift.Core.Alerts;

/// <summary>What the tracker made of one verdict: the diagnosis (for the observation record) and the
/// alert transition it caused, if any.</summary>
public sealed record TrackedWindow(DetectorVerdict Verdict, Diagnosis Diagnosis, DriftAlert? Alert);
