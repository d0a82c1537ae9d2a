using StreamDrift.Core.Alerts;
using StreamDrift.Core.Classification;
using StreamDrift.Core.Detection;
using StreamDrift.Core.Tests.Classification;

namespace StreamDrift.Core.Tests.Alerts;

public class AlertTrackerTests
{
    private readonly AlertTracker _tracker = new(new CauseClassifier(new ClassifierOptions()), new AlertTrackerOptions());

    private void Healthy(int windows)
    {
        for (var i = 0; i < windows; i++)
        {
            Assert.Null(_tracker.Track(Scenario.Verdict(Scenario.Window(i), DriftState.Normal, DriftState.Normal)).Alert);
        }
    }

    private static Core.Windows.DriftWindow Evicting(int index, double keys, long evicted) =>
        Scenario.Window(index, keys: keys, users: 10_000) with { Events = Scenario.HealthyEvents with { Evicted = evicted } };

    [Fact]
    public void Corroborates_DirectRedisSideEvidence_NotRatesAlone()
    {
        Healthy(10);
        var material = DriftState.Material;
        var evicted = Scenario.Verdict(Evicting(10, 7000, 2500), material, material);
        var readOnly = Scenario.Verdict(Scenario.Window(10, keys: 7000) with { Health = Scenario.Health(7000) with { ReadOnlyErrorsPerSecond = 40 } }, material, material);
        var orphans = Scenario.Verdict(Scenario.Window(10, keys: 13_000) with { Ttl = new Core.Signals.TtlSummary(Scenario.T0, 200, 60, 200, 900, 1620, 1800) }, material, material);
        // Writes per user collapsed with no Redis-side error, eviction, TTL or prefix evidence: a rate, not direct.
        var collapsed = Scenario.Verdict(Scenario.Window(10, keys: 7000) with { Events = Scenario.HealthyEvents with { New = 40, Set = 300 } }, material, material);
        var unknown = Scenario.Verdict(Scenario.Window(10, keys: 7000), material, material);

        Assert.True(_tracker.Corroborates(evicted));
        Assert.True(_tracker.Corroborates(readOnly));
        Assert.True(_tracker.Corroborates(orphans));
        Assert.Equal(Cause.SessionWritesFailing, new CauseClassifier(new ClassifierOptions()).Classify(collapsed, Scenario.History()).Cause);
        Assert.False(_tracker.Corroborates(collapsed));
        Assert.False(_tracker.Corroborates(unknown));
        Assert.False(_tracker.Corroborates(evicted with { Window = evicted.Window with { CountUncertain = true } }));
        Assert.Empty(_tracker.Open);
    }

    [Fact]
    public void CorroboratedAlertingWindow_OpensTheAlertAtOnce_NamingTheCause()
    {
        Healthy(10);
        var verdict = Scenario.Verdict(Evicting(10, 7000, 2500), DriftState.Alerting, DriftState.Material) with { ConsecutiveMaterial = 2, Corroborated = true };

        var opened = _tracker.Track(verdict).Alert;

        Assert.NotNull(opened);
        Assert.Equal(AlertTransition.Opened, opened.Transition);
        Assert.Equal(Cause.SessionsEvicted, opened.Cause);
    }

    [Fact]
    public void EvictionsSinceTheStoreWasLastHealthy_NameTheCause_OfAnAlertOpenedOnAWindowWhoseWritesStalled()
    {
        // An eviction storm on a shared instance: the onset window evicts the sessions (material, not learned);
        // in the window that opens the alert the shop's writes stall with the evictions they cause, and the cache
        // has grown. Read alone that window is a changed prefix; read with the drift's own windows it is evictions.
        Healthy(10);
        var stalled = Scenario.Window(11, keys: 7000) with
        {
            Events = Scenario.HealthyEvents with { New = 40, Set = 300, Evicted = 12 },
            Health = Scenario.Health(7000, otherKeys: 26_000),
        };
        _tracker.Track(Scenario.Verdict(Evicting(10, 7000, 2500), DriftState.Material, DriftState.Normal));

        var opened = _tracker.Track(Scenario.Verdict(stalled, DriftState.Alerting, DriftState.Material)).Alert;

        Assert.NotNull(opened);
        Assert.Equal(Cause.SessionsEvicted, opened.Cause);
        Assert.Equal(2512, opened.Evidence["evicted_events"]);
    }

    [Fact]
    public void EvictionsBeforeAHealthyWindow_DoNotExplainALaterDrift()
    {
        Healthy(10);
        _tracker.Track(Scenario.Verdict(Evicting(10, 9990, 2500), DriftState.Material, DriftState.Normal));
        Assert.Null(_tracker.Track(Scenario.Verdict(Scenario.Window(11), DriftState.Normal, DriftState.Material)).Alert);
        var collapsed = Scenario.Window(12, keys: 7000) with
        {
            Events = Scenario.HealthyEvents with { New = 40, Set = 300, Evicted = 12 },
            Health = Scenario.Health(7000, otherKeys: 26_000),
        };

        var opened = _tracker.Track(Scenario.Verdict(collapsed, DriftState.Alerting, DriftState.Material)).Alert;

        Assert.NotNull(opened);
        Assert.Equal(Cause.SessionPrefixChanged, opened.Cause);
    }

    [Fact]
    public void UncertainWindows_NeverOpenChangeOrResolveAnAlert()
    {
        // Issue 16, finding 5: a window whose count StreamDrift knew wrong is published, not judged.
        Healthy(5);
        var uncertain = Evicting(5, 7000, 2500) with { CountUncertain = true };
        Assert.Null(_tracker.Track(Scenario.Verdict(uncertain, DriftState.Alerting, DriftState.Material)).Alert);
        Assert.Empty(_tracker.Open);

        var opened = _tracker.Track(Scenario.Verdict(Evicting(6, 7000, 2500))).Alert;
        Assert.NotNull(opened);
        var deeperButUncertain = Evicting(7, 1000, 9000) with { CountUncertain = true };
        Assert.Null(_tracker.Track(Scenario.Verdict(deeperButUncertain, DriftState.Alerting, DriftState.Alerting)).Alert);
        Assert.Null(_tracker.Track(Scenario.Verdict(Scenario.Window(8) with { CountUncertain = true }, DriftState.Normal, DriftState.Alerting)).Alert);
        Assert.Equal(opened.PeakDrift, _tracker.Open[opened.StoreId].PeakDrift);
        Assert.Equal(opened.Windows, _tracker.Open[opened.StoreId].Windows);
    }

    [Fact]
    public void Lifecycle_OpensUpdatesOnlyOnChangeAndResolvesWithTheSameId()
    {
        Healthy(5);

        var opened = _tracker.Track(Scenario.Verdict(Evicting(5, 7000, 2500))).Alert;
        var quiet = _tracker.Track(Scenario.Verdict(Evicting(6, 7000, 2400), DriftState.Alerting, DriftState.Alerting)).Alert;
        var deeper = _tracker.Track(Scenario.Verdict(Evicting(7, 5000, 4000), DriftState.Alerting, DriftState.Alerting)).Alert;
        var resolved = _tracker.Track(Scenario.Verdict(Scenario.Window(8), DriftState.Normal, DriftState.Alerting)).Alert;

        Assert.NotNull(opened);
        Assert.Equal(AlertTransition.Opened, opened.Transition);
        Assert.Equal(Cause.SessionsEvicted, opened.Cause);
        Assert.Equal(-3000, opened.PeakDrift);
        Assert.Null(quiet);
        Assert.NotNull(deeper);
        Assert.Equal(AlertTransition.Updated, deeper.Transition);
        Assert.Equal(-5000, deeper.PeakDrift);
        Assert.Equal(3, deeper.Windows);
        Assert.NotNull(resolved);
        Assert.Equal(AlertTransition.Resolved, resolved.Transition);
        Assert.Equal(opened.AlertId, resolved.AlertId);
        Assert.Equal(opened.OpenedAt, resolved.OpenedAt);
        Assert.Equal(Scenario.Window(8).End, resolved.At);
        Assert.Empty(_tracker.Open);
    }

    [Fact]
    public void EvidenceStoppingWhileSessionsAreStillMissing_KeepsTheCauseThatOpenedTheAlert()
    {
        Healthy(5);
        var opened = _tracker.Track(Scenario.Verdict(Evicting(5, 7000, 2500))).Alert!;

        // The evictions have stopped, the sessions they took are still missing: no evidence of its own.
        var tail = _tracker.Track(Scenario.Verdict(Evicting(6, 7000, 0), DriftState.Alerting, DriftState.Alerting));

        Assert.Equal(Cause.SessionsEvicted, opened.Cause);
        Assert.Equal(Cause.SessionsEvicted, tail.Diagnosis.Cause);
        Assert.Null(tail.Alert);
        Assert.Equal(Cause.SessionsEvicted, _tracker.Open["store-1"].Cause);
    }

    [Fact]
    public void WindowWithoutASample_WhileAlerting_KeepsTheAlertAsItIs()
    {
        Healthy(5);
        var opened = _tracker.Track(Scenario.Verdict(Evicting(5, 7000, 2500))).Alert!;

        var empty = Scenario.Window(6) with { ActiveUsers = null, SessionKeys = null, Samples = 0 };
        var tracked = _tracker.Track(Scenario.Verdict(empty, DriftState.Alerting, DriftState.Alerting));

        Assert.Null(tracked.Alert);
        Assert.Equal(Cause.SessionsEvicted, tracked.Diagnosis.Cause);
        Assert.Equal(opened.Cause, _tracker.Open["store-1"].Cause);
    }

    [Fact]
    public void ConnectorGoingStaleWhileAlerting_ResolvesTheAlertSayingTheDriftIsUnknown()
    {
        Healthy(5);
        var opened = _tracker.Track(Scenario.Verdict(Evicting(5, 7000, 2500))).Alert!;

        var stale = Scenario.Window(6) with { ActiveUsers = null, Stale = true };
        var tracked = _tracker.Track(Scenario.Verdict(stale, DriftState.Stale, DriftState.Alerting));

        Assert.Equal(Cause.ConnectorStale, tracked.Diagnosis.Cause);
        Assert.NotNull(tracked.Alert);
        Assert.Equal(AlertTransition.Resolved, tracked.Alert.Transition);
        Assert.Equal(opened.AlertId, tracked.Alert.AlertId);
        Assert.Equal(Cause.SessionsEvicted, tracked.Alert.Cause);
        Assert.StartsWith("Alert closed: the connector went stale", tracked.Alert.Reading, StringComparison.Ordinal);
    }

    [Fact]
    public void CauseChange_PublishesAnUpdate()
    {
        Healthy(5);
        var opened = _tracker.Track(Scenario.Verdict(Evicting(5, 7000, 2500))).Alert!;

        var changed = _tracker.Track(Scenario.Verdict(Scenario.Window(6, keys: 7000) with { RedisReachable = false }, DriftState.Alerting, DriftState.Alerting)).Alert;

        Assert.NotNull(changed);
        Assert.Equal(Cause.SessionWritesFailing, changed.Cause);
        // The same alert, updated: consumers key on the id, so a new cause must not look like a new alert.
        Assert.Equal(AlertTransition.Updated, changed.Transition);
        Assert.Equal(opened.AlertId, changed.AlertId);
        Assert.Equal(opened.OpenedAt, changed.OpenedAt);
    }

    [Fact]
    public void MaterialWindows_DoNotOpenAlertsAndDoNotEnterTheHealthyHistory()
    {
        Healthy(2);
        // Material surges must not become the baseline that a later surge is compared with.
        for (var i = 2; i < 6; i++)
        {
            Assert.Null(_tracker.Track(Scenario.Verdict(Scenario.Window(i, users: 14_500), DriftState.Material, DriftState.Material)).Alert);
        }
        Healthy(1);

        var opened = _tracker.Track(Scenario.Verdict(Scenario.Window(7, users: 14_500))).Alert;

        Assert.NotNull(opened);
        Assert.Equal(Cause.BotTraffic, opened.Cause);
    }

    [Fact]
    public void UnknownWhileTheTtlEvidenceBuilds_WaitsForTwoReconcilesSinceTheDrift_ThenNamesTheCause()
    {
        // A deploy shortened the session TTL: keys are missing, writes per user are as usual, and the sampled TTLs
        // fall reconcile after reconcile as keys written since take over the sample. The first sample after the
        // drift began does not tell yet; the second does. Opening after three windows would page UNKNOWN.
        Healthy(10);
        var alerts = new List<Core.Alerts.DriftAlert?>();
        for (var i = 10; i < 20; i++)
        {
            // Reconciles every 5 minutes: at 12:05 (before the drift), 12:11 (median 800 s) and 12:16 (median 400 s).
            var ttl = i < 11 ? Scenario.HealthyTtl with { SampledAt = Scenario.T0.AddMinutes(5) }
                : i < 16 ? Scenario.HealthyTtl with { SampledAt = Scenario.T0.AddMinutes(11), P50Seconds = 800, P90Seconds = 1500 }
                : Scenario.HealthyTtl with { SampledAt = Scenario.T0.AddMinutes(16), P50Seconds = 400, P90Seconds = 1100 };
            var window = Scenario.Window(i, keys: 8000) with { Ttl = ttl };
            alerts.Add(_tracker.Track(Scenario.Verdict(window, DriftState.Alerting, i == 10 ? DriftState.Material : DriftState.Alerting) with { ConsecutiveMaterial = i - 7 }).Alert);
        }

        var opened = Assert.Single(alerts, a => a is { Transition: AlertTransition.Opened });
        Assert.Equal(Cause.SessionsExpiringEarly, opened!.Cause);
        Assert.Equal(6, alerts.IndexOf(opened));
    }

    [Fact]
    public void WindowsNotLearned_DoNotEnterTheHealthyHistory_SoAWriteCollapseBuildingBelowTheFloorsIsNamed()
    {
        // Session writes stopped: for a while the missing keys stay below the floors, the windows are judged
        // normal, but the detector holds them out of its baseline. They must not become the usual writes per user,
        // or the collapse is measured against itself when the alert opens.
        Healthy(5);
        var noWrites = Scenario.HealthyEvents with { New = 0, Set = 0, Expire = 0 };
        for (var i = 5; i < 15; i++)
        {
            var held = Scenario.Verdict(Scenario.Window(i, keys: 10_000 - (20 * (i - 4))) with { Events = noWrites }, DriftState.Normal, DriftState.Normal) with { Learned = false };
            Assert.Null(_tracker.Track(held).Alert);
        }

        var opened = _tracker.Track(Scenario.Verdict(Scenario.Window(15, keys: 7000) with { Events = noWrites })).Alert;

        Assert.NotNull(opened);
        Assert.Equal(Cause.SessionWritesFailing, opened.Cause);
    }
}
