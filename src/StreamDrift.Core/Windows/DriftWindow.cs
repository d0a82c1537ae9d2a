using StreamDrift.Core.Signals;

namespace StreamDrift.Core.Windows;

/// <summary>
/// One closed event-time window of one store: the joined session-key and active-user figures and the
/// Redis signals seen in it. Produced by the windowing stage; judged by the detector; explained by the
/// classifier.
/// </summary>
public sealed record DriftWindow
{
    public required string StoreId { get; init; }
    public required DateTimeOffset Start { get; init; }
    public required DateTimeOffset End { get; init; }
    /// <summary>The window's length in seconds, at least 1: what its per-second rates divide by.</summary>
    public double Seconds => Math.Max((End - Start).TotalSeconds, 1);
    /// <summary>Session keys as of the window's samples (mean of the joined points); null if no sample.</summary>
    public double? SessionKeys { get; init; }
    /// <summary>Active users (mean of the samples in the window); null when stale.</summary>
    public double? ActiveUsers { get; init; }
    /// <summary>Orders in the last minute as the connector reported them, when it does.</summary>
    public double? Orders { get; init; }
    /// <summary>The connector's definition of "active" (seconds since a shopper's last request), from the window's latest sample.</summary>
    public int? ActiveWindowSeconds { get; init; }
    /// <summary>Mean event time of the window's samples: the instant its keys and users describe.</summary>
    public DateTimeOffset? SampleTime { get; init; }
    /// <summary>Number of user samples joined into this window.</summary>
    public int Samples { get; init; }
    /// <summary>True when the connector has sent nothing fresh for the staleness limit.</summary>
    public bool Stale { get; init; }
    /// <summary>Keyspace events on the session prefixes inside the window.</summary>
    public SessionEventCounts Events { get; init; }
    /// <summary>
    /// False when <see cref="Events"/> is not known (no snapshot before the window, e.g. the first window after
    /// start): zero events then means "not seen", not "none happened".
    /// </summary>
    public bool EventsKnown { get; init; } = true;
    /// <summary>The latest INFO sample at the window's end.</summary>
    public RedisHealth? Health { get; init; }
    /// <summary>
    /// The session count the window's INFO figures were taken with (<see cref="RedisHealth.SessionKeys"/>; where
    /// INFO came without one, the count of the snapshot that carried them): the DB's keys outside the session
    /// prefixes are read against it, since the window's averaged count lags a fast fall (sessions a prefix change
    /// left behind expiring together) and would hide the keys that moved.
    /// </summary>
    public double? SessionKeysAtHealth { get; init; }
    /// <summary>The latest TTL sample at the window's end.</summary>
    public TtlSummary? Ttl { get; init; }
    /// <summary>The latest reconcile at the window's end.</summary>
    public ReconcileResult? LastReconcile { get; init; }
    /// <summary>Whether Redis answered during the window.</summary>
    public bool RedisReachable { get; init; } = true;
    /// <summary>
    /// True when the key count was known wrong during the window (a keyspace gap not yet repaired by a reconcile,
    /// or a correction beyond its bound): published, never judged, never learned, never raising or changing an alert.
    /// </summary>
    public bool CountUncertain { get; init; }
    /// <summary>Rolling drift statistics over the trend horizon, this window included.</summary>
    public DriftTrend Trend { get; init; }
    /// <summary>
    /// The store's keys and users over the trend horizon at minute resolution (live and shared: the same object
    /// for every window of the store, read with <see cref="StoreHistory.CopyTo"/>), for a 24 h chart.
    /// </summary>
    public StoreHistory? History { get; init; }

    /// <summary>Session keys minus active users (signed), or null when either is unknown.</summary>
    public double? Drift => SessionKeys is { } k && ActiveUsers is { } u ? k - u : null;

    /// <summary>Drift / max(active users, 1), or null when unknown.</summary>
    public double? DriftRatio => Drift is { } d && ActiveUsers is { } u ? d / Math.Max(u, 1) : null;
}
