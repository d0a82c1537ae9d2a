using StreamDrift.Core.Signals;

namespace StreamDrift.Redis.Tests;

/// <summary>The watchdog's reading of INFO intervals, events and reconciles, without a server.</summary>
public class SilentSubscriptionWatchdogTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);

    private readonly SilentSubscriptionWatchdog _watchdog = new();
    private int _second;
    private long _dbKeys = 1000;

    // One INFO interval: the DB's keys move (cache or sessions) unless told otherwise.
    private SilenceVerdict Tick(long events, long count = 100, ReconcileResult? reconcile = null, bool dbChanged = true)
    {
        _second++;
        _dbKeys += dbChanged ? 7 : 0;
        var health = new RedisHealth { SampledAt = T0.AddSeconds(_second), DbKeys = _dbKeys };
        return _watchdog.Observe(health, events, count, reconcile, T0.AddSeconds(_second));
    }

    private ReconcileResult StartedNow(long scanned) => new(T0.AddSeconds(_second + 1), 100, scanned, 0, scanned - 100, TimeSpan.FromMilliseconds(500), "silent-subscription check");

    [Fact]
    public void EventsFlowing_NeverAskForACheck()
    {
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(SilenceVerdict.None, Tick(events: i));
        }
    }

    [Fact]
    public void DbChangesWithoutEvents_AskForACheck_AndAScanThatFoundOtherSessions_IsSilent()
    {
        var verdicts = Enumerable.Range(0, SilentSubscriptionWatchdog.BaseQuietIntervals + 1).Select(_ => Tick(events: 5)).ToList();
        Assert.Equal(SilenceVerdict.Check, verdicts[^1]);

        Assert.Equal(SilenceVerdict.None, Tick(events: 5, reconcile: new ReconcileResult(T0, 100, 150, 0, 50, TimeSpan.FromSeconds(10), "started before"))); // ran before the check
        Assert.Equal(SilenceVerdict.Silent, Tick(events: 5, reconcile: StartedNow(scanned: 150)));
    }

    [Fact]
    public void AScanThatFoundTheSameSessions_IsNotSilent_AndTheNextSuspicionWaitsTwiceAsLong()
    {
        for (var i = 0; i <= SilentSubscriptionWatchdog.BaseQuietIntervals; i++)
        {
            Tick(events: 5);
        }
        Assert.Equal(SilenceVerdict.None, Tick(events: 5, reconcile: StartedNow(scanned: 100)));

        Assert.Equal(2 * SilentSubscriptionWatchdog.BaseQuietIntervals, _watchdog.Needed);
        Assert.Equal(1, _watchdog.Checks);
    }

    [Fact]
    public void QuietIntervalsAreCountedOnlyWhenTheDbChanged_AndAnEventResetsTheSuspicion()
    {
        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(SilenceVerdict.None, Tick(events: 5, dbChanged: false));
        }
        for (var i = 0; i < SilentSubscriptionWatchdog.BaseQuietIntervals - 1; i++)
        {
            Tick(events: 5);
        }
        Assert.Equal(SilenceVerdict.None, Tick(events: 6)); // one event: the subscription delivers
        Assert.Equal(SilenceVerdict.None, Tick(events: 6));
        Assert.Equal(0, _watchdog.Checks);
    }
}
