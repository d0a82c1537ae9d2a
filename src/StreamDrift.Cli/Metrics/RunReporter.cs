using System.Collections.Concurrent;
using StreamDrift.Cli.Health;
using StreamDrift.Core.Detection;
using StreamDrift.Core.Samples;
using StreamDrift.Core.Signals;
using StreamDrift.Redis.Scanning;

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
    private readonly MetricCell[] _rejected;

    public RunReporter(StreamDriftMetrics metrics, HealthState health)
    {
        _metrics = metrics;
        _health = health;
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
    }

    public void OnVerdict(DetectorVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var cells = Store(verdict.Window.StoreId);
        cells.Drift.Set(verdict.Window.Drift ?? double.NaN);
        cells.WindowsClosed.Increment();
        cells.AlertOpen.Set(verdict.State == DriftState.Alerting ? 1 : 0);
        _health.Store(verdict.Window.StoreId).LastWindowEnd = verdict.Window.End;
    }

    /// <summary>Counts a dead-lettered input by reason (never throws, never blocks).</summary>
    public void Reject(RejectedInput rejected)
    {
        if (rejected is not null && (uint)rejected.Reason < (uint)_rejected.Length)
        {
            _rejected[(int)rejected.Reason].Increment();
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

    private StoreCells Store(string storeId) => _stores.GetOrAdd(storeId, static (id, m) => new StoreCells(m, id), _metrics);

    private static long Delta(long current, long previous) => current >= previous ? current - previous : current;

    internal static string SnakeCase(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
