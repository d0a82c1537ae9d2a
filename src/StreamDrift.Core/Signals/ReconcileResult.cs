namespace StreamDrift.Core.Signals;

/// <summary>
/// The outcome of one reconcile scan: what the counter said, what the scan found, how uncertain the
/// scan was under churn, and the correction applied (zero when the difference stayed within the bound).
/// </summary>
public sealed record ReconcileResult(
    DateTimeOffset FinishedAt,
    long CounterBefore,
    long Scanned,
    long UncertaintyBound,
    long Correction,
    TimeSpan Elapsed,
    string Reason);
