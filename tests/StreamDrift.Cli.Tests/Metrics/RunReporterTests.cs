using StreamDrift.Cli.Configuration;
using StreamDrift.Cli.Health;
using StreamDrift.Cli.Metrics;
using StreamDrift.Core.Detection;
using StreamDrift.Core.Samples;
using StreamDrift.Core.Signals;
using StreamDrift.Core.Windows;

namespace StreamDrift.Cli.Tests.Metrics;

public class RunReporterTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private readonly StreamDriftMetrics _metrics = new(new MetricsRegistry());
    private readonly HealthState _health = new(KafkaMode.None, "", T0);

    private Dictionary<string, double> Samples() => MetricsEndpointTests.ParseSamples(_metrics.Registry.Render());

    private static StoreSnapshot Snapshot(
        long keys, long evicted, long gaps, ReconcileResult? reconcile = null, bool reachable = true, long corrected = 0, bool verified = true, long excluded = 0) => new()
    {
        StoreId = "eu",
        At = T0,
        SessionKeys = keys,
        Events = new SessionEventCounts(New: 10, Set: 0, HSet: 0, Del: 0, Expired: 0, Evicted: evicted, Expire: 0, Persist: 0, RenamedIn: 0, RenamedOut: 0, Other: 0),
        SubscriptionGaps = gaps,
        LastReconcile = reconcile,
        CorrectedKeys = corrected,
        ExcludedEvents = excluded,
        SubscriptionVerified = verified,
        RedisReachable = reachable,
    };

    [Fact]
    public void Snapshots_SetTheGauge_AndTurnCumulativeTalliesIntoIncrements()
    {
        var reporter = new RunReporter(_metrics, _health, ["eu"]);
        var reconcile = new ReconcileResult(T0, 100, 90, 2, -8, TimeSpan.FromSeconds(1), "periodic");

        reporter.OnSnapshot(Snapshot(100, evicted: 5, gaps: 0));
        reporter.OnSnapshot(Snapshot(90, evicted: 12, gaps: 1, reconcile, corrected: 8));
        reporter.OnSnapshot(Snapshot(91, evicted: 12, gaps: 1, reconcile, corrected: 8)); // same reconcile: not counted twice
        reporter.OnSnapshot(Snapshot(91, evicted: 3, gaps: 0, reconcile: null, reachable: false)); // watcher restarted

        var samples = Samples();
        Assert.Equal(91, samples["streamdrift_session_keys{store=\"eu\"}"]);
        Assert.Equal(15, samples["streamdrift_keyspace_events_total{store=\"eu\",event=\"evicted\"}"]);
        Assert.Equal(10, samples["streamdrift_keyspace_events_total{store=\"eu\",event=\"new\"}"]);
        Assert.Equal(1, samples["streamdrift_subscription_gaps_total{store=\"eu\"}"]);
        Assert.Equal(8, samples["streamdrift_reconcile_corrections_total{store=\"eu\"}"]);
        Assert.False(_health.Store("eu").RedisReachable);
        Assert.Equal(SubscriptionState.Down, _health.Store("eu").Subscription);
    }

    [Fact]
    public void ExcludedEvents_AreCountedPerStore_FromTheWatchersCumulativeTally()
    {
        var reporter = new RunReporter(_metrics, _health, ["eu"]);

        reporter.OnSnapshot(Snapshot(1, evicted: 0, gaps: 0, excluded: 40));
        reporter.OnSnapshot(Snapshot(1, evicted: 0, gaps: 0, excluded: 55));
        reporter.OnSnapshot(Snapshot(1, evicted: 0, gaps: 0, excluded: 5)); // watcher restarted: its new total counts

        Assert.Equal(60, Samples()["streamdrift_excluded_events_total{store=\"eu\"}"]);
    }

    [Fact]
    public void CorrectionsCounter_CountsEveryReconcilesKeys_NotTheSeed()
    {
        var reporter = new RunReporter(_metrics, _health, ["eu"]);
        var seed = new ReconcileResult(T0, 0, 5000, 0, 5000, TimeSpan.FromSeconds(1), "initial seed");
        var second = new ReconcileResult(T0.AddSeconds(2), 5010, 5000, 0, -10, TimeSpan.FromSeconds(1), "follow-up");

        reporter.OnSnapshot(Snapshot(5000, evicted: 0, gaps: 0, seed, corrected: 0)); // the seed is not a correction
        // Two reconciles between two snapshots (+3, then -7): the snapshot shows only the last, the sum counts both.
        reporter.OnSnapshot(Snapshot(5000, evicted: 0, gaps: 0, second, corrected: 10));

        Assert.Equal(10, Samples()["streamdrift_reconcile_corrections_total{store=\"eu\"}"]);
    }

    [Fact]
    public void Health_SaysSubscribed_OnlyWhileTheWatcherHasProvenIt()
    {
        var reporter = new RunReporter(_metrics, _health, ["eu"]);

        reporter.OnSnapshot(Snapshot(1, evicted: 0, gaps: 1, verified: false));
        Assert.Equal(SubscriptionState.Resubscribing, _health.Store("eu").Subscription);

        reporter.OnSnapshot(Snapshot(1, evicted: 0, gaps: 1, verified: true));
        Assert.Equal(SubscriptionState.Subscribed, _health.Store("eu").Subscription);
    }

    [Fact]
    public void UsersVerdictsRejectionsAndDeliveries_UpdateTheirMetricsAndHealth()
    {
        var reporter = new RunReporter(_metrics, _health, ["eu"]);
        var window = new DriftWindow { StoreId = "eu", Start = T0, End = T0.AddMinutes(1), SessionKeys = 80, ActiveUsers = 100 };

        reporter.OnUsers(new ActiveUsersSample("eu", "shopify", 100, 300, T0));
        reporter.OnVerdict(new DetectorVerdict { Window = window, State = DriftState.Alerting, PreviousState = DriftState.Material });
        reporter.OnVerdict(new DetectorVerdict { Window = window with { ActiveUsers = null, Stale = true }, State = DriftState.Stale, PreviousState = DriftState.Alerting });
        reporter.Reject(new RejectedInput("kafka:users", RejectionReason.LateBeyondGrace, "late", ReadOnlyMemory<byte>.Empty, T0));
        reporter.OnDelivered("streamdrift.alerts");
        reporter.OnDelivered("streamdrift.alerts");

        var samples = Samples();
        Assert.Equal(100, samples["streamdrift_active_users{store=\"eu\"}"]);
        Assert.True(double.IsNaN(samples["streamdrift_drift{store=\"eu\"}"]));
        Assert.Equal(2, samples["streamdrift_windows_closed_total{store=\"eu\"}"]);
        Assert.Equal(0, samples["streamdrift_alert_open{store=\"eu\"}"]);
        Assert.Equal(1, samples["streamdrift_input_rejected_total{reason=\"late_beyond_grace\"}"]);
        Assert.Equal(0, samples["streamdrift_input_rejected_total{reason=\"malformed_json\"}"]);
        Assert.Equal(2, samples["streamdrift_kafka_delivered_total{topic=\"streamdrift.alerts\"}"]);
        Assert.Equal(T0.AddMinutes(1), _health.Store("eu").LastWindowEnd);
    }

    [Fact]
    public void FiguresAboutUnconfiguredStores_AddNoSeries_HoweverManyOrLongTheIds()
    {
        var reporter = new RunReporter(_metrics, _health, ["eu"]);
        reporter.OnUsers(new ActiveUsersSample("eu", "shopify", 100, 300, T0));
        reporter.OnSnapshot(Snapshot(100, evicted: 0, gaps: 0));
        var before = _metrics.Registry.Render();

        var bogus = Enumerable.Range(0, 300).Select(i => $"bogus-{i}").Append(new string('x', 30_000));
        foreach (var id in bogus)
        {
            reporter.OnUsers(new ActiveUsersSample(id, "shopify", 777_777, 300, T0));
            reporter.OnSnapshot(Snapshot(5, evicted: 1, gaps: 1) with { StoreId = id });
            var window = new DriftWindow { StoreId = id, Start = T0, End = T0.AddMinutes(1), SessionKeys = 5, ActiveUsers = 777_777 };
            reporter.OnVerdict(new DetectorVerdict { Window = window, State = DriftState.Alerting, PreviousState = DriftState.Material });
        }

        Assert.Equal(before, _metrics.Registry.Render());
    }

    [Fact]
    public void Verdict_InAlert_ReportsTheDriftAndTheOpenAlert()
    {
        var reporter = new RunReporter(_metrics, _health, ["eu"]);
        var window = new DriftWindow { StoreId = "eu", Start = T0, End = T0.AddMinutes(1), SessionKeys = 80, ActiveUsers = 100 };

        reporter.OnVerdict(new DetectorVerdict { Window = window, State = DriftState.Alerting, PreviousState = DriftState.Material });

        Assert.Equal(-20, Samples()["streamdrift_drift{store=\"eu\"}"]);
        Assert.Equal(1, Samples()["streamdrift_alert_open{store=\"eu\"}"]);
    }

    [Fact]
    public void Nodes_GetANodeLabelledSeries_PrimariesINFO_ReplicasNaN_OnlyForConfiguredStores()
    {
        var reporter = new RunReporter(_metrics, _health, ["eu"]);
        StreamDrift.Redis.NodeMetrics[] first =
        [
            new("10.0.0.1:6379", "primary", SessionKeys: 600, DbKeys: 900, EvictedKeysTotal: 5, ExpiredKeysTotal: 7, Sampled: true, UsedMemoryBytes: 1000),
            new("10.0.0.2:6379", "primary", SessionKeys: 400, DbKeys: 500, EvictedKeysTotal: 1, ExpiredKeysTotal: 2, Sampled: true, UsedMemoryBytes: 800, ScanOnly: true),
            new("10.0.0.3:6379", "replica", SessionKeys: -1, DbKeys: 0, EvictedKeysTotal: 0, ExpiredKeysTotal: 0),
        ];

        reporter.OnNodes("eu", first);
        reporter.OnNodes("eu", [first[0] with { EvictedKeysTotal = 9 }, first[1], first[2]]);
        reporter.OnNodes("typo", first);

        var samples = Samples();
        Assert.Equal(600, samples["streamdrift_node_session_keys{store=\"eu\",node=\"10.0.0.1:6379\"}"]);
        Assert.Equal(900, samples["streamdrift_node_db_keys{store=\"eu\",node=\"10.0.0.1:6379\"}"]);
        Assert.Equal(1000, samples["streamdrift_node_used_memory_bytes{store=\"eu\",node=\"10.0.0.1:6379\"}"]);
        // Counted from the first sample on: Redis's totals before StreamDrift watched are not ours.
        Assert.Equal(4, samples["streamdrift_node_evicted_keys_total{store=\"eu\",node=\"10.0.0.1:6379\"}"]);
        Assert.Equal(1, samples["streamdrift_node_primary{store=\"eu\",node=\"10.0.0.1:6379\"}"]);
        Assert.Equal(0, samples["streamdrift_node_scan_only{store=\"eu\",node=\"10.0.0.1:6379\"}"]);
        Assert.Equal(1, samples["streamdrift_node_scan_only{store=\"eu\",node=\"10.0.0.2:6379\"}"]);
        Assert.Equal(0, samples["streamdrift_node_primary{store=\"eu\",node=\"10.0.0.3:6379\"}"]);
        Assert.True(double.IsNaN(samples["streamdrift_node_session_keys{store=\"eu\",node=\"10.0.0.3:6379\"}"]));
        Assert.True(double.IsNaN(samples["streamdrift_node_db_keys{store=\"eu\",node=\"10.0.0.3:6379\"}"]));
        Assert.DoesNotContain(samples.Keys, k => k.Contains("typo", StringComparison.Ordinal));
    }
}
