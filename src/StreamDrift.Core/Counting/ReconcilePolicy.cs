namespace StreamDrift.Core.Counting;

/// <summary>
/// The pure reconcile decision. SCAN returns every key present for the whole scan, and may or may not
/// return keys created or deleted while it ran. So against a correct counter read at the end of the scan,
/// the scanned number is off by at most the number of count-changing events applied during the scan.
/// Only what exceeds that bound is evidence of missed events; correcting more would add error under
/// churn, so the correction is the excess alone (the remainder, if real, shows up in a later, quieter scan).
/// </summary>
public static class ReconcilePolicy
{
    /// <param name="counterAtEnd">Counter value once the events emitted before the scan's last page were applied.</param>
    /// <param name="scanned">Keys the scan returned.</param>
    /// <param name="countChangingEventsDuringScan">Count-changing events applied between the scan's start and end.</param>
    public static ReconcileDecision Decide(long counterAtEnd, long scanned, long countChangingEventsDuringScan)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(scanned);
        ArgumentOutOfRangeException.ThrowIfNegative(countChangingEventsDuringScan);
        var difference = scanned - counterAtEnd;
        var bound = countChangingEventsDuringScan;
        var excess = Math.Abs(difference) - bound;
        var correction = excess <= 0 ? 0 : Math.Sign(difference) * excess;
        return new ReconcileDecision(difference, bound, correction);
    }

    /// <summary>
    /// The first scan of a watcher has no trusted counter to protect, only the events applied since the
    /// subscription started. Changes before the scan are in both the events and the scan, so the scan wins for
    /// them; of the net change during the scan, SCAN saw an unknown part, so half of it is taken: the error is
    /// then at most half the events seen during the scan (a follow-up reconcile removes what remains).
    /// </summary>
    /// <param name="counterAtStart">Counter when the scan started.</param>
    /// <param name="counterAtEnd">Counter when the scan ended.</param>
    /// <param name="scanned">Keys the scan returned.</param>
    /// <param name="countChangingEventsDuringScan">Count-changing events applied during the scan.</param>
    public static ReconcileDecision Seed(long counterAtStart, long counterAtEnd, long scanned, long countChangingEventsDuringScan)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(scanned);
        ArgumentOutOfRangeException.ThrowIfNegative(countChangingEventsDuringScan);
        var target = scanned + ((counterAtEnd - counterAtStart) / 2);
        return new ReconcileDecision(scanned - counterAtEnd, (countChangingEventsDuringScan + 1) / 2, target - counterAtEnd);
    }
}
