namespace StreamDrift.Core.Signals;

/// <summary>
/// What the Redis side knows of one store at one instant, published about once a second: the live
/// session-key count, the cumulative event tallies, and the latest INFO, TTL and reconcile figures.
/// The join keeps a per-second history of these; windows take differences of the cumulative parts.
/// </summary>
public sealed record StoreSnapshot
{
    public required string StoreId { get; init; }
    public required DateTimeOffset At { get; init; }
    public required long SessionKeys { get; init; }
    public SessionEventCounts Events { get; init; }
    public RedisHealth? Health { get; init; }
    public TtlSummary? Ttl { get; init; }
    public ReconcileResult? LastReconcile { get; init; }
    /// <summary>
    /// Keyspace notifications under the prefixes for keys the layout says are not sessions (lock keys, expiry
    /// markers, ids of another shape), since start: received, then left out of the count and the signals.
    /// </summary>
    public long ExcludedEvents { get; init; }
    /// <summary>Subscription gaps (drops, reconnects, shed messages) since start.</summary>
    public long SubscriptionGaps { get; init; }
    /// <summary>
    /// Keys the reconciles corrected since start (sum of |correction|; the first seed is not a correction):
    /// a measure of the events that were missed.
    /// </summary>
    public long CorrectedKeys { get; init; }
    /// <summary>
    /// True from a detected gap (lost events, flags switched off, a correction beyond its bound) until a reconcile
    /// found the count exact again: windows holding such a snapshot are published as uncertain, never judged.
    /// </summary>
    public bool CountUncertain { get; init; }
    /// <summary>True while every primary lists the keyspace subscriptions (proven with CLIENT LIST, not assumed).</summary>
    public bool SubscriptionVerified { get; init; } = true;
    /// <summary>False while Redis is unreachable: the count is then stale, and writes may be failing.</summary>
    public bool RedisReachable { get; init; } = true;
}
