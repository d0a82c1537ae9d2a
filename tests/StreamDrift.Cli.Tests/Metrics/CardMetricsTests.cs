using StreamDrift.Cli.Card;
using StreamDrift.Cli.Configuration;
using StreamDrift.Cli.Health;
using StreamDrift.Cli.Metrics;
using StreamDrift.Cli.Tests.Card;
using StreamDrift.Core.Alerts;
using StreamDrift.Core.Classification;
using StreamDrift.Core.Detection;
using StreamDrift.Core.Signals;

namespace StreamDrift.Cli.Tests.Metrics;

/// <summary>The series behind the Grafana dashboard and the Prometheus rules (deploy/).</summary>
public class CardMetricsTests
{
    private readonly StreamDriftMetrics _metrics = new(new MetricsRegistry());
    private readonly RunReporter _reporter;

    public CardMetricsTests() =>
        _reporter = new RunReporter(_metrics, new HealthState(KafkaMode.None, "", CardFeed.T0), new Dictionary<string, CardBand> { ["eu"] = new(50, 0.05) });

    private Dictionary<string, double> Samples() => MetricsEndpointTests.ParseSamples(_metrics.Registry.Render());

    private static StoreSnapshot Snapshot(long evictedTotal, bool reachable = true) => new()
    {
        StoreId = "eu",
        At = CardFeed.T0,
        SessionKeys = 100,
        RedisReachable = reachable,
        Health = new RedisHealth
        {
            SampledAt = CardFeed.T0, EvictedKeysTotal = evictedTotal, ExpiredKeysTotal = 7, UsedMemoryBytes = 900, MaxMemoryBytes = 1000,
            ConnectedClients = 12, MaxClients = 100, InstantaneousOpsPerSecond = 400, DbKeys = 5000,
        },
    };

    [Fact]
    public void RedisSiblings_AreGauges_AndItsTotalsCountOnlyWhatHappenedWhileWatched()
    {
        _reporter.OnSnapshot(Snapshot(evictedTotal: 1000));
        _reporter.OnSnapshot(Snapshot(evictedTotal: 1250));
        _reporter.OnSnapshot(Snapshot(evictedTotal: 30, reachable: false)); // Redis restarted: its totals start anew

        var s = Samples();
        Assert.Equal(280, s["streamdrift_redis_evicted_keys_total{store=\"eu\"}"]);
        Assert.Equal(0, s["streamdrift_redis_expired_keys_total{store=\"eu\"}"]);
        Assert.Equal(900, s["streamdrift_redis_used_memory_bytes{store=\"eu\"}"]);
        Assert.Equal(1000, s["streamdrift_redis_maxmemory_bytes{store=\"eu\"}"]);
        Assert.Equal(12, s["streamdrift_redis_connected_clients{store=\"eu\"}"]);
        Assert.Equal(100, s["streamdrift_redis_maxclients{store=\"eu\"}"]);
        Assert.Equal(400, s["streamdrift_redis_ops_per_second{store=\"eu\"}"]);
        Assert.Equal(5000, s["streamdrift_redis_db_keys{store=\"eu\"}"]);
        Assert.Equal(0, s["streamdrift_redis_up{store=\"eu\"}"]);
    }

    [Fact]
    public void AnOpenAlert_SetsItsCauseSeriesTo1_AndTheBandFollowsTheWindow()
    {
        var opened = CardFeed.Window("eu", 5, 400, 1000, DriftState.Alerting, CardFeed.Alert("eu", AlertTransition.Opened, 5, 5), Cause.SessionsEvicted);
        _reporter.OnVerdict(opened.Verdict);
        _reporter.OnTracked(opened);

        var s = Samples();
        Assert.Equal(1, s["streamdrift_alert_cause{store=\"eu\",cause=\"SESSIONS_EVICTED\"}"]);
        Assert.Equal(0, s["streamdrift_alert_cause{store=\"eu\",cause=\"BOT_TRAFFIC\"}"]);
        Assert.DoesNotContain("streamdrift_alert_cause{store=\"eu\",cause=\"NONE\"}", s.Keys);
        Assert.Equal(0.9, s["streamdrift_alert_confidence{store=\"eu\"}"]);
        Assert.Equal(2, s["streamdrift_drift_state{store=\"eu\"}"]);
        Assert.Equal(970, s["streamdrift_expected_keys_low{store=\"eu\"}"]);
        Assert.Equal(1070, s["streamdrift_expected_keys_high{store=\"eu\"}"]);

        var resolved = CardFeed.Window("eu", 9, 1000, 1000, DriftState.Normal, CardFeed.Alert("eu", AlertTransition.Resolved, 5, 9));
        _reporter.OnVerdict(resolved.Verdict);
        _reporter.OnTracked(resolved);
        Assert.Equal(0, Samples()["streamdrift_alert_cause{store=\"eu\",cause=\"SESSIONS_EVICTED\"}"]);
        Assert.Equal(0, Samples()["streamdrift_drift_state{store=\"eu\"}"]);
    }

    [Fact]
    public void DeliveryFailures_AreCountedByTopic()
    {
        _reporter.OnDeliveryFailed("streamdrift.alerts");
        _reporter.OnDeliveryFailed("streamdrift.alerts");

        Assert.Equal(2, Samples()["streamdrift_kafka_delivery_failures_total{topic=\"streamdrift.alerts\"}"]);
    }
}
