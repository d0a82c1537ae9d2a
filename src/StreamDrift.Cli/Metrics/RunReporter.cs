using System.Collections.Concurrent;
using System.Collections.Frozen;
using StreamDrift.Cli.Card;
using StreamDrift.Cli.Health;
using StreamDrift.Core.Alerts;
using StreamDrift.Core.Detection;
using StreamDrift.Core.Samples;
using StreamDrift.Core.Signals;
using StreamDrift.Redis;
using StreamDrift.Redis.Scanning;

namespace StreamDrift.Cli.Metrics;

/// <summary>
/// Turns what the pipeline produces (Core records) into the metrics and the health page, so wiring is one
/// call per output: snapshots, user samples, verdicts, rejections, deliveries. Snapshots carry cumulative
/// tallies; this turns them into counter increments (a tally that goes down means the watcher restarted, and
/// its new total is counted from zero).
/// Label values come from the configuration alone: figures about a store id that is not configured (a
/// connector's typo, hostile input) are dropped here, so no input can add series to <c>/metrics</c>.
/// </summary>
internal sealed class RunReporter : IRejectedInputSink
{
    private readonly StreamDriftMetrics _metrics;
    private readonly HealthState _health;
    private readonly ConcurrentDictionary<string, StoreCells> _stores = new(StringComparer.Ordinal);
    private readonly FrozenSet<string> _configured;
    private readonly ConcurrentDictionary<string, MetricCell> _delivered = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, MetricCell> _failed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StoreCardCells> _cards = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Store, string Node), NodeCells> _nodes = new();
    private readonly IReadOnlyDictionary<string, CardBand> _bands;
    private readonly MetricCell[] _rejected;

    /// <param name="metrics">Where the series go.</param>
    /// <param name="health">What /healthz reports.</param>
    /// <param name="storeIds">The configured stores: the only <c>store</c> label values there will be.</param>
    /// <param name="bands">Per store, the expected band of keys (the detector's thresholds); stores without one expose NaN edges.</param>
    public RunReporter(StreamDriftMetrics metrics, HealthState health, IEnumerable<string> storeIds, IReadOnlyDictionary<string, CardBand>? bands = null)
    {
        _metrics = metrics;
        _health = health;
        _configured = storeIds.ToFrozenSet(StringComparer.Ordinal);
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
        if (Store(snapshot.StoreId) is not { } cells)
        {
            return;
        }

        lock (cells)
        {
            cells.SessionKeys.Set(snapshot.SessionKeys);
            cells.AddEvents(snapshot.Events);
            cells.SubscriptionGaps.Increment(Delta(snapshot.SubscriptionGaps, cells.LastGaps));
            cells.LastGaps = snapshot.SubscriptionGaps;
            cells.ExcludedEvents.Increment(Delta(snapshot.ExcludedEvents, cells.LastExcludedEvents));
            cells.LastExcludedEvents = snapshot.ExcludedEvents;
            // Cumulative on the watcher (every reconcile's correction, never the seed): no reconcile is missed
            // however many finish between two snapshots.
            cells.ReconcileCorrections.Increment(Delta(snapshot.CorrectedKeys, cells.LastCorrectedKeys));
            cells.LastCorrectedKeys = snapshot.CorrectedKeys;
        }
        Card(snapshot.StoreId)?.OnSnapshot(snapshot);
        var health = _health.Store(snapshot.StoreId);
        health.RedisReachable = snapshot.RedisReachable;
        health.Subscription = !snapshot.RedisReachable ? SubscriptionState.Down
            : snapshot.SubscriptionVerified ? SubscriptionState.Subscribed
            : SubscriptionState.Resubscribing;
    }

    public void OnUsers(ActiveUsersSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        Store(sample.StoreId)?.ActiveUsers.Set(sample.ActiveUsers);
        Card(sample.StoreId)?.Orders.Set(sample.Orders is { } orders ? orders : double.NaN);
    }

    public void OnVerdict(DetectorVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        if (Store(verdict.Window.StoreId) is not { } cells)
        {
            return;
        }

        cells.Drift.Set(verdict.Window.Drift ?? double.NaN);
        cells.WindowsClosed.Increment();
        cells.AlertOpen.Set(verdict.State == DriftState.Alerting ? 1 : 0);
        Card(verdict.Window.StoreId)?.OnVerdict(verdict);
        _health.Store(verdict.Window.StoreId).LastWindowEnd = verdict.Window.End;
    }

    /// <summary>A window after the alert tracker: the open alert's cause and confidence.</summary>
    public void OnTracked(TrackedWindow tracked)
    {
        ArgumentNullException.ThrowIfNull(tracked);
        Card(tracked.Verdict.Window.StoreId)?.OnTracked(tracked);
    }

    /// <summary>Counts a dead-lettered input by reason (never throws, never blocks).</summary>
    public void Reject(RejectedInput rejected)
    {
        if (rejected is not null && (uint)rejected.Reason < (uint)_rejected.Length)
        {
            _rejected[(int)rejected.Reason].Increment();
        }
    }

    /// <summary>
    /// Per-node figures of a configured store (<c>node</c> label: the endpoints the watcher found in the store's
    /// configuration and topology, so the series are bounded by the nodes the deployment really has).
    /// </summary>
    public void OnNodes(string storeId, IReadOnlyList<NodeMetrics> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        if (!_configured.Contains(storeId))
        {
            return;
        }
        foreach (var node in nodes)
        {
            var cells = _nodes.GetOrAdd((storeId, node.Node), static (key, m) => new NodeCells(m, key.Store, key.Node), _metrics);
            lock (cells)
            {
                cells.Update(node);
            }
        }
    }

    /// <summary>Exposes a (re)started store watcher's reconcile page times.</summary>
    public void OnWatcher(string storeId, ReconcilePageTimes pageTimes)
    {
        ArgumentNullException.ThrowIfNull(pageTimes);
        _metrics.ReconcilePageSeconds.Track(pageTimes.Server, storeId, "server");
        _metrics.ReconcilePageSeconds.Track(pageTimes.RoundTrip, storeId, "round_trip");
    }

    /// <summary>A record the broker acknowledged on <paramref name="topic"/>.</summary>
    public void OnDelivered(string topic) =>
        _delivered.GetOrAdd(topic, static (t, m) => m.KafkaDelivered.WithLabels(t), _metrics).Increment();

    /// <summary>A record the broker refused or could not be reached for on <paramref name="topic"/>.</summary>
    public void OnDeliveryFailed(string topic) =>
        _failed.GetOrAdd(topic, static (t, m) => m.KafkaDeliveryFailures.WithLabels(t), _metrics).Increment();

    /// <summary>The card cells of a configured store; null for any other id.</summary>
    private StoreCardCells? Card(string storeId) =>
        _configured.Contains(storeId)
            ? _cards.GetOrAdd(storeId, static (id, self) => new StoreCardCells(self._metrics, id, self._bands.GetValueOrDefault(id)), this)
            : null;

    /// <summary>The cells of a configured store; null for any other id.</summary>
    private StoreCells? Store(string storeId) =>
        _configured.Contains(storeId) ? _stores.GetOrAdd(storeId, static (id, m) => new StoreCells(m, id), _metrics) : null;

    private static long Delta(long current, long previous) => current >= previous ? current - previous : current;

    internal static string SnakeCase(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
