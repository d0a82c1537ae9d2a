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
}
