using StreamDrift.Core.Signals;

namespace StreamDrift.Cli.Metrics;

/// <summary>One store's metric cells, looked up once, plus the last cumulative figures seen.</summary>
internal sealed class StoreCells
{
    private readonly MetricCell[] _events;
    private SessionEventCounts _lastEvents;

    public StoreCells(StreamDriftMetrics metrics, string storeId)
    {
        SessionKeys = metrics.SessionKeys.WithLabels(storeId);
        ActiveUsers = metrics.ActiveUsers.WithLabels(storeId);
        Drift = metrics.Drift.WithLabels(storeId);
        ReconcileCorrections = metrics.ReconcileCorrections.WithLabels(storeId);
        SubscriptionGaps = metrics.SubscriptionGaps.WithLabels(storeId);
        ExcludedEvents = metrics.ExcludedEvents.WithLabels(storeId);
        WindowsClosed = metrics.WindowsClosed.WithLabels(storeId);
        AlertOpen = metrics.AlertOpen.WithLabels(storeId);
        _events = [.. EventNames.Select(e => metrics.KeyspaceEvents.WithLabels(storeId, e))];
    }

    /// <summary>The <c>event</c> label values, in the order of <see cref="Values"/>.</summary>
    public static readonly string[] EventNames = ["new", "set", "hset", "del", "expired", "evicted", "expire", "persist", "renamed_in", "renamed_out", "other"];

    public MetricCell SessionKeys { get; }

    public MetricCell ActiveUsers { get; }

    public MetricCell Drift { get; }

    public MetricCell ReconcileCorrections { get; }

    public MetricCell SubscriptionGaps { get; }

    public MetricCell ExcludedEvents { get; }

    public MetricCell WindowsClosed { get; }

    public MetricCell AlertOpen { get; }

    public long LastGaps { get; set; }

    public long LastCorrectedKeys { get; set; }

    public long LastExcludedEvents { get; set; }

    /// <summary>Adds what happened since the previous cumulative tallies. Caller holds the lock on this object.</summary>
    public void AddEvents(SessionEventCounts cumulative)
    {
        var now = Values(cumulative);
        var before = Values(_lastEvents);
        for (var i = 0; i < now.Length; i++)
        {
            _events[i].Increment(now[i] >= before[i] ? now[i] - before[i] : now[i]);
        }
        _lastEvents = cumulative;
    }

    private static long[] Values(SessionEventCounts c) =>
        [c.New, c.Set, c.HSet, c.Del, c.Expired, c.Evicted, c.Expire, c.Persist, c.RenamedIn, c.RenamedOut, c.Other];
}
