namespace StreamDrift.Core.Counting;

/// <summary>What one reconcile scan says about the counter.</summary>
/// <param name="Difference">Scanned minus counter at the end of the scan.</param>
/// <param name="UncertaintyBound">How far the scan may honestly differ from a correct counter.</param>
/// <param name="Correction">The change to apply to the counter: the part of the difference beyond the bound.</param>
public readonly record struct ReconcileDecision(long Difference, long UncertaintyBound, long Correction);
