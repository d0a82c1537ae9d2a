using StreamDrift.Core.Detection;
using StreamDrift.Core.Signals;
using StreamDrift.Core.Windows;

namespace StreamDrift.Core.Tests.Detection;

/// <summary>
/// The healthy store from zero traffic, as cohorts per 2 s window: shoppers arrive at a steady rate and
/// stay 60 s, 10 % have a second key, the session TTL is 20 s and the connector counts a shopper for 10 s after
/// the last request. While the first shoppers leave, their keys linger and the surplus of keys over users grows
/// from +10 % to about +26 %: the raw ratio moves, the expected drift moves with it.
/// </summary>
public sealed class TrafficModelTests
{
    private const double Window = 2;
    private const double Arrivals = 20; // per window
    private const double VisitWindows = 30;
    private const double TtlWindows = 10;
    private const double ActiveWindows = 5;
    private const double KeysPerShopper = 1.1;

    [Fact]
    public void StoreStartingFromZero_LingeringKeysOfLeavingShoppers_NeverMaterial()
    {
        var detector = new StoreDetector(DetectorOptions.For(Sensitivity.High) with { SessionTtl = TimeSpan.FromSeconds(20) }, new MedianScratch());
        var verdicts = Run(detector, windows: 200);

        Assert.InRange(verdicts[20].Window.DriftRatio!.Value, 0.08, 0.12);
        Assert.InRange(verdicts[^1].Window.DriftRatio!.Value, 0.2, 0.3);
        Assert.All(verdicts, v => Assert.Equal(DriftState.Normal, v.State));
        Assert.InRange(verdicts[^1].Lingering!.Value, 0.8 * Arrivals * (TtlWindows - ActiveWindows), 1.2 * Arrivals * (TtlWindows - ActiveWindows));
    }

    [Fact]
    public void SameStore_WithoutTheTtl_JudgedOnTheRawRatio_WouldAlert()
    {
        // The same series with the TTL equal to the connector's window: nothing lingers in the model, which is
        // the old constant-ratio judgement; the rising surplus is then judged an incident.
        var detector = new StoreDetector(DetectorOptions.For(Sensitivity.High) with { SessionTtl = TimeSpan.FromSeconds(10) }, new MedianScratch());

        Assert.Contains(Run(detector, windows: 200), v => v.State == DriftState.Alerting);
    }

    [Fact]
    public void RisingStore_WindowsWithoutASample_LeaveNoHoleInTheDepartures()
    {
        // Arrivals rise by 1 a window; every 7th window no connector sample falls in (a 30-60 s cadence against
        // 60 s windows). The window after one measures the users' growth over both: its departures must count
        // both windows' arrivals, or the lingering keys dip for a TTL after each gap.
        var detector = new StoreDetector(DetectorOptions.For(Sensitivity.High) with { SessionTtl = TimeSpan.FromSeconds(20) }, new MedianScratch());
        var start = new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);
        var arrivals = new List<double> { 0 };
        double Sum(int from, int to) => arrivals.Skip(Math.Max(from, 1)).Take(Math.Max(0, to - Math.Max(from, 1) + 1)).Sum();
        var worst = 0.0;
        for (var i = 1; i <= 160; i++)
        {
            arrivals.Add(20 + i);
            var present = Sum(i - (int)VisitWindows + 1, i);
            var inConnector = Sum(i - (int)VisitWindows - (int)ActiveWindows + 1, i - (int)VisitWindows);
            var lingering = Sum(i - (int)VisitWindows - (int)TtlWindows + 1, i - (int)VisitWindows);
            var from = start.AddSeconds((i - 1) * Window);
            var gap = i % 7 == 0;
            var verdict = detector.Judge(new DriftWindow
            {
                StoreId = "s",
                Start = from,
                End = from.AddSeconds(Window),
                SampleTime = gap ? null : from.AddSeconds(Window),
                SessionKeys = KeysPerShopper * (present + lingering),
                ActiveUsers = gap ? null : present + inConnector,
                ActiveWindowSeconds = (int)(ActiveWindows * Window),
                Samples = gap ? 0 : 2,
                Events = new SessionEventCounts((long)(arrivals[i] * KeysPerShopper), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
            });
            if (i > 60 && !gap)
            {
                // The model's lingering shoppers: those who left the connector's set within the last TTL - active window.
                var truth = Sum(i - (int)VisitWindows - (int)TtlWindows + 1, i - (int)VisitWindows - (int)ActiveWindows);
                worst = Math.Max(worst, Math.Abs(verdict.Lingering!.Value - truth) / truth);
                Assert.Equal(DriftState.Normal, verdict.State);
            }
        }

        Assert.InRange(worst, 0, 0.1);
    }

    [Fact]
    public void BotWave_UsersGrowPastTheArrivals_DeparturesGoOn()
    {
        // The steady store, then bots: +60 % users within two windows, without sessions. The users grew by more
        // than the arrivals, which hides that shoppers still leave at their usual pace: read as no departures,
        // their keys would drop out of the expected keys for a TTL and hide the wave.
        var detector = new StoreDetector(DetectorOptions.For(Sensitivity.High) with { SessionTtl = TimeSpan.FromSeconds(20) }, new MedianScratch());
        var steady = Run(detector, windows: 150);
        var users = steady[^1].Window.ActiveUsers!.Value;
        var keys = steady[^1].Window.SessionKeys!.Value;
        var start = steady[^1].Window.End;
        var after = new List<DetectorVerdict>();
        for (var i = 0; i < 12; i++)
        {
            var from = start.AddSeconds(i * Window);
            after.Add(detector.Judge(new DriftWindow
            {
                StoreId = "s",
                Start = from,
                End = from.AddSeconds(Window),
                SampleTime = from.AddSeconds(Window),
                SessionKeys = keys,
                ActiveUsers = users + (0.3 * users * Math.Min(i + 1, 2)),
                ActiveWindowSeconds = (int)(ActiveWindows * Window),
                Samples = 2,
                Events = new SessionEventCounts((long)(Arrivals * KeysPerShopper), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
            }));
        }

        var lingering = Arrivals * (TtlWindows - ActiveWindows);
        Assert.All(after, v => Assert.InRange(v.Lingering!.Value, 0.85 * lingering, 1.15 * lingering));
        Assert.Equal(DriftState.Alerting, after[2].State);
    }

    [Fact]
    public void WritesLost_FromMidWindow_ArrivalsFromTheUsersSide_KeepTheLingeringKeys()
    {
        // The steady store, then Redis stops taking session writes 60 % into a window: 60 % of the usual new keys,
        // then none, while users stay. Shoppers still arrive and leave; the users side (their learned new keys per
        // user-second) stands in for the arrivals, not the lowest recent figure, which the partial window just set
        // to 60 % of the rate.
        var detector = new StoreDetector(DetectorOptions.For(Sensitivity.High) with { SessionTtl = TimeSpan.FromSeconds(20) }, new MedianScratch());
        var steady = Run(detector, windows: 150);
        var users = steady[^1].Window.ActiveUsers!.Value;
        var keys = steady[^1].Window.SessionKeys!.Value;
        var start = steady[^1].Window.End;
        var after = new List<DetectorVerdict>();
        for (var i = 0; i < 12; i++)
        {
            var from = start.AddSeconds(i * Window);
            after.Add(detector.Judge(new DriftWindow
            {
                StoreId = "s",
                Start = from,
                End = from.AddSeconds(Window),
                SampleTime = from.AddSeconds(Window),
                SessionKeys = keys - (Arrivals * KeysPerShopper * (i + 0.5)),
                ActiveUsers = users,
                ActiveWindowSeconds = (int)(ActiveWindows * Window),
                Samples = 2,
                Events = new SessionEventCounts(i == 0 ? (long)(Arrivals * KeysPerShopper * 0.6) : 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
            }));
        }

        var lingering = Arrivals * (TtlWindows - ActiveWindows);
        Assert.All(after.Skip(1), v => Assert.InRange(v.Lingering!.Value, 0.85 * lingering, 1.15 * lingering));
    }

    private static List<DetectorVerdict> Run(StoreDetector detector, int windows)
    {
        var start = new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);
        var verdicts = new List<DetectorVerdict>();
        for (var i = 1; i <= windows; i++)
        {
            // Shoppers who arrived in window j leave after VisitWindows; their keys expire TtlWindows later and the
            // connector stops counting them ActiveWindows later.
            var present = Arrivals * Math.Min(i, VisitWindows);
            var left = Math.Max(0, i - VisitWindows);
            var inConnector = Arrivals * Math.Min(left, ActiveWindows);
            var lingering = Arrivals * Math.Min(left, TtlWindows);
            var from = start.AddSeconds((i - 1) * Window);
            verdicts.Add(detector.Judge(new DriftWindow
            {
                StoreId = "s",
                Start = from,
                End = from.AddSeconds(Window),
                SampleTime = from.AddSeconds(Window),
                SessionKeys = KeysPerShopper * (present + lingering),
                ActiveUsers = present + inConnector,
                ActiveWindowSeconds = (int)(ActiveWindows * Window),
                Samples = 2,
                Events = new SessionEventCounts((long)(Arrivals * KeysPerShopper), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
            }));
        }

        return verdicts;
    }
}
