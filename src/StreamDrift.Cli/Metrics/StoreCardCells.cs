using StreamDrift.Cli.Card;
using StreamDrift.Core.Alerts;
using StreamDrift.Core.Classification;
using StreamDrift.Core.Detection;
using StreamDrift.Core.Signals;

namespace StreamDrift.Cli.Metrics;

/// <summary>
/// One store's series behind the card's Prometheus twin (deploy/grafana, deploy/prometheus): state, the
/// open alert's cause, the expected band, and the Redis sibling signals of the latest INFO sample.
/// </summary>
internal sealed class StoreCardCells
{
    private static readonly Cause[] Causes = [.. Enum.GetValues<Cause>().Where(c => c != Cause.None)];

    private readonly MetricCell[] _cause;
    private readonly CardBand? _band;
    private long _lastEvicted = -1;
    private long _lastExpired = -1;

    public StoreCardCells(StreamDriftMetrics metrics, string storeId, CardBand? band)
    {
        _band = band;
        _cause = [.. Causes.Select(c => metrics.AlertCause.WithLabels(storeId, RunReporter.SnakeCase(c.ToString()).ToUpperInvariant()))];
        Confidence = metrics.AlertConfidence.WithLabels(storeId);
        State = metrics.DriftState.WithLabels(storeId);
        Low = metrics.ExpectedKeysLow.WithLabels(storeId);
        High = metrics.ExpectedKeysHigh.WithLabels(storeId);
        Stale = metrics.ConnectorStale.WithLabels(storeId);
        Orders = metrics.Orders.WithLabels(storeId);
        RedisUp = metrics.RedisUp.WithLabels(storeId);
        Evicted = metrics.RedisEvictedKeys.WithLabels(storeId);
        Expired = metrics.RedisExpiredKeys.WithLabels(storeId);
        UsedMemory = metrics.RedisUsedMemory.WithLabels(storeId);
        MaxMemory = metrics.RedisMaxMemory.WithLabels(storeId);
        Clients = metrics.RedisConnectedClients.WithLabels(storeId);
        MaxClients = metrics.RedisMaxClients.WithLabels(storeId);
        Ops = metrics.RedisOpsPerSecond.WithLabels(storeId);
        DbKeys = metrics.RedisDbKeys.WithLabels(storeId);
        Low.Set(double.NaN);
        High.Set(double.NaN);
        Orders.Set(double.NaN);
    }

    public MetricCell Confidence { get; }

    public MetricCell State { get; }

    public MetricCell Low { get; }

    public MetricCell High { get; }

    public MetricCell Stale { get; }

    public MetricCell Orders { get; }

    public MetricCell RedisUp { get; }

    public MetricCell Evicted { get; }

    public MetricCell Expired { get; }

    public MetricCell UsedMemory { get; }

    public MetricCell MaxMemory { get; }

    public MetricCell Clients { get; }

    public MetricCell MaxClients { get; }

    public MetricCell Ops { get; }

    public MetricCell DbKeys { get; }

    /// <summary>INFO figures; Redis' own totals become counter increments (a restart of Redis starts them anew).</summary>
    public void OnSnapshot(StoreSnapshot snapshot)
    {
        RedisUp.Set(snapshot.RedisReachable ? 1 : 0);
        if (snapshot.Health is not { } h)
        {
            return;
        }
        lock (this)
        {
            Evicted.Increment(Delta(h.EvictedKeysTotal, ref _lastEvicted));
            Expired.Increment(Delta(h.ExpiredKeysTotal, ref _lastExpired));
        }
        UsedMemory.Set(h.UsedMemoryBytes);
        MaxMemory.Set(h.MaxMemoryBytes);
        Clients.Set(h.ConnectedClients);
        MaxClients.Set(h.MaxClients);
        Ops.Set(h.InstantaneousOpsPerSecond);
        DbKeys.Set(h.DbKeys);
    }

    public void OnVerdict(DetectorVerdict verdict)
    {
        State.Set(verdict.State switch
        {
            DriftState.Normal => 0,
            DriftState.Material => 1,
            DriftState.Alerting => 2,
            _ => 3,
        });
        Stale.Set(verdict.Window.Stale ? 1 : 0);
        var (low, high) = _band?.Around(verdict.Window.ActiveUsers, verdict.ExpectedDrift) ?? (null, null);
        Low.Set(low ?? double.NaN);
        High.Set(high ?? double.NaN);
    }

    /// <summary>The open alert's cause and confidence, from the tracked window (the alert tracker's view).</summary>
    public void OnTracked(TrackedWindow tracked)
    {
        var open = tracked.Verdict.State == DriftState.Alerting;
        for (var i = 0; i < Causes.Length; i++)
        {
            _cause[i].Set(open && Causes[i] == tracked.Diagnosis.Cause ? 1 : 0);
        }
        Confidence.Set(open ? tracked.Diagnosis.Confidence : 0);
    }

    // The first INFO sample only sets where counting starts: Redis' totals before StreamDrift watched are not ours.
    internal static long Delta(long total, ref long last)
    {
        var delta = last < 0 ? 0 : total >= last ? total - last : total;
        last = total;
        return delta;
    }
}
