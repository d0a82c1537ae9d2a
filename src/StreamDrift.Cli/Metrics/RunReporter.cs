using System.Collections.Concurrent;
using StreamDrift.Cli.Card;
using StreamDrift.Cli.Health;
using StreamDrift.Core.Alerts;
using StreamDrift.Core.Detection;
using StreamDrift.Core.Samples;
using StreamDrift.Core.Signals;

namespace StreamDrift.Cli.Metrics;

/// <summary>
/// Turns what the pipeline produces (Core records) into the metrics and the health page, so wiring is one
/// call per output: snapshots, user samples, verdicts, rejections, deliveries. Snapshots carry cumulative
/// tallies; this turns them into counter increments (a tally that goes down means the watcher restarted, and
/// its new total is counted from zero).
/// </summary>
internal sealed class RunReporter : IRejectedInputSink
{
    private readonly StreamDriftMetrics _metrics;
    private readonly HealthState _health;
    private readonly ConcurrentDictionary<string, StoreCells> _stores = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, MetricCell> _delivered = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, MetricCell> _failed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StoreCardCells> _cards = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, CardBand> _bands;
    private readonly MetricCell[] _rejected;

    /// <param name="metrics">Where the series go.</param>
    /// <param name="health">What /healthz reports.</param>
    /// <param name="bands">Per store, the expected band of keys (the detector's thresholds); stores without one expose NaN edges.</param>
    public RunReporter(StreamDriftMetrics metrics, HealthState health, IReadOnlyDictionary<string, CardBand>? bands = null)
    {
        _metrics = metrics;
        _health = health;
        _bands = bands ?? new Dictionary<string, CardBand>();
        var reasons = Enum.GetValues<RejectionReason>();
        _rejected = new MetricCell[reasons.Length];
        foreach (var reason in reasons)
        {
            _rejected[(int)reason] = metrics.InputRejected.WithLabels(SnakeCase(reason.ToString()));
        }
    }

    public void OnSnapshot(StoreSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var cells = Store(snapshot.StoreId);
        lock (cells)
        {
            cells.SessionKeys.Set(snapshot.SessionKeys);
            cells.AddEvents(snapshot.Events);
            cells.SubscriptionGaps.Increment(Delta(snapshot.SubscriptionGaps, cells.LastGaps));
            cells.LastGaps = snapshot.SubscriptionGaps;
            if (snapshot.LastReconcile is { } reconcile && reconcile.FinishedAt != cells.LastReconcileAt)
            {
                cells.LastReconcileAt = reconcile.FinishedAt;
                cells.ReconcileCorrections.Increment(Math.Abs(reconcile.Correction));
            }
        }
        Card(snapshot.StoreId).OnSnapshot(snapshot);
        var health = _health.Store(snapshot.StoreId);
        health.RedisReachable = snapshot.RedisReachable;
        if (!snapshot.RedisReachable)
        {
            health.Subscription = SubscriptionState.Down;
        }
    }

    public void OnUsers(ActiveUsersSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        Store(sample.StoreId).ActiveUsers.Set(sample.ActiveUsers);
        Card(sample.StoreId).Orders.Set(sample.Orders is { } orders ? orders : double.NaN);
    }

    public void OnVerdict(DetectorVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var cells = Store(verdict.Window.StoreId);
        cells.Drift.Set(verdict.Window.Drift ?? double.NaN);
        cells.WindowsClosed.Increment();
        cells.AlertOpen.Set(verdict.State == DriftState.Alerting ? 1 : 0);
        Card(verdict.Window.StoreId).OnVerdict(verdict);
        _health.Store(verdict.Window.StoreId).LastWindowEnd = verdict.Window.End;
    }

    /// <summary>A window after the alert tracker: the open alert's cause and confidence.</summary>
    public void OnTracked(TrackedWindow tracked)
    {
        ArgumentNullException.ThrowIfNull(tracked);
        Card(tracked.Verdict.Window.StoreId).OnTracked(tracked);
    }

    /// <summary>Counts a dead-lettered input by reason (never throws, never blocks).</summary>
    public void Reject(RejectedInput rejected)
    {
        if (rejected is not null && (uint)rejected.Reason < (uint)_rejected.Length)
        {
            _rejected[(int)rejected.Reason].Increment();
        }
    }

    /// <summary>A record the broker acknowledged on <paramref name="topic"/>.</summary>
    public void OnDelivered(string topic) =>
        _delivered.GetOrAdd(topic, static (t, m) => m.KafkaDelivered.WithLabels(t), _metrics).Increment();

    /// <summary>A record the broker refused or could not be reached for on <paramref name="topic"/>.</summary>
    public void OnDeliveryFailed(string topic) =>
        _failed.GetOrAdd(topic, static (t, m) => m.KafkaDeliveryFailures.WithLabels(t), _metrics).Increment();

    private StoreCardCells Card(string storeId) =>
        _cards.GetOrAdd(storeId, static (id, self) => new StoreCardCells(self._metrics, id, self._bands.GetValueOrDefault(id)), this);

    private StoreCells Store(string storeId) => _stores.GetOrAdd(storeId, static (id, m) => new StoreCells(m, id), _metrics);

    private static long Delta(long current, long previous) => current >= previous ? current - previous : current;

    internal static string SnakeCase(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
