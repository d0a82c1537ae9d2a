using StreamDrift.Core.Detection;
using StreamDrift.Core.Signals;
using StreamDrift.Core.Windows;

namespace StreamDrift.Core.Tests.Detection;

/// <summary>
/// A store already in its steady state when StreamDrift starts watching it (the traffic simulator's seed 9: session
/// TTL 15 min, connector active window 5 min, 60 s windows): keys of the shoppers who left before the first window
/// linger for up to 10 windows, and the first window's events are unknown (no snapshot before it). Neither may be
/// learned as the store's level nor drop out of the model as a jump one TTL later.
/// </summary>
public sealed class StoreDetectorWarmupTests
{
    private const double Arrivals = 500; // per 60 s window
    private const double VisitWindows = 5;
    private const double ActiveWindows = 5;
    private const double TtlWindows = 15;
    private const double KeysPerShopper = 1.08;

    [Fact]
    public void SteadyStoreWatchedFromTheMiddleOfItsDay_NeverMaterialWhileTheModelFills()
    {
        var detector = new StoreDetector(new DetectorOptions { SessionTtl = TimeSpan.FromMinutes(TtlWindows) }, new MedianScratch());
        var random = new Random(9);
        var start = new DateTimeOffset(2026, 6, 4, 14, 0, 0, TimeSpan.Zero);
        var verdicts = new List<DetectorVerdict>();
        for (var i = 0; i < 120; i++)
        {
            var arrivals = Arrivals * (1 + ((random.NextDouble() - 0.5) * 0.04));
            var users = ((VisitWindows + ActiveWindows) * Arrivals) + ((random.NextDouble() - 0.5) * 40);
            var keys = (KeysPerShopper * (VisitWindows + TtlWindows) * Arrivals) + ((random.NextDouble() - 0.5) * 60);
            var from = start.AddMinutes(i);
            verdicts.Add(detector.Judge(new DriftWindow
            {
                StoreId = "s",
                Start = from,
                End = from.AddMinutes(1),
                SampleTime = from.AddSeconds(30),
                SessionKeys = keys,
                ActiveUsers = users,
                ActiveWindowSeconds = (int)(ActiveWindows * 60),
                Samples = 1,
                EventsKnown = i > 0,
                Events = i > 0 ? new SessionEventCounts(New: (long)(KeysPerShopper * arrivals), 0, 0, 0, Expired: (long)(KeysPerShopper * Arrivals), 0, 0, 0, 0, 0, 0) : default,
            }));
        }

        Assert.All(verdicts, v => Assert.Equal(DriftState.Normal, v.State));
        var last = verdicts[^1];
        Assert.InRange(last.ExpectedKeys!.Value, 0.97 * KeysPerShopper * 20 * Arrivals, 1.03 * KeysPerShopper * 20 * Arrivals);
    }
}
