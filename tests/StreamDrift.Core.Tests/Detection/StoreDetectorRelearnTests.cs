using StreamDrift.Core.Detection;
using StreamDrift.Core.Windows;

namespace StreamDrift.Core.Tests.Detection;

public sealed class StoreDetectorRelearnTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);
    private int _next;

    [Fact]
    public void LastingLevelShift_ResolvesAsRelearned_AfterTheHorizon_AndIsNormalAfterwards()
    {
        var detector = Learned(new DetectorOptions { RelearnWindows = 40 });
        var verdicts = Enumerable.Range(0, 60).Select(_ => detector.Judge(Window(8000, 10_000))).ToList();

        var relearned = Assert.Single(verdicts, v => v.Accepted == LevelAccepted.Relearned);
        Assert.True(relearned.Resolved);
        Assert.Equal(41, verdicts.IndexOf(relearned)); // alerting from the 3rd window (index 2): its 40th alerting window
        Assert.All(verdicts.Skip(42), v => Assert.Equal(DriftState.Normal, v.State));
    }

    [Fact]
    public void GrowingSurplus_IsNeverRelearned()
    {
        // Orphaned sessions pile up: the drift never holds one level, so the alert stays open.
        var detector = Learned(new DetectorOptions { RelearnWindows = 40 });
        var verdicts = Enumerable.Range(0, 120).Select(i => detector.Judge(Window(11_000 + (60 * i), 10_000))).ToList();

        Assert.DoesNotContain(verdicts, v => v.Accepted != LevelAccepted.None);
        Assert.Equal(DriftState.Alerting, verdicts[^1].State);
    }

    [Fact]
    public void OperatorAcceptance_ResolvesAtTheNextWindow_AndTheLevelIsTheNewBaseline()
    {
        var detector = Learned(new DetectorOptions());
        var alerting = Enumerable.Range(0, 5).Select(_ => detector.Judge(Window(8000, 10_000))).ToList();
        detector.AcceptCurrentLevel();
        var accepted = detector.Judge(Window(8000, 10_000));
        var after = Enumerable.Range(0, 10).Select(_ => detector.Judge(Window(8000, 10_000))).ToList();

        Assert.Equal(DriftState.Alerting, alerting[^1].State);
        Assert.Equal(LevelAccepted.Operator, accepted.Accepted);
        Assert.True(accepted.Resolved);
        Assert.All(after, v => Assert.Equal(DriftState.Normal, v.State));
    }

    private StoreDetector Learned(DetectorOptions options)
    {
        var detector = new StoreDetector(options, new MedianScratch());
        var noise = new Random(3);
        for (var i = 0; i < 30; i++)
        {
            detector.Judge(Window(10_000 * (0.98 + ((noise.NextDouble() - 0.5) * 0.01)), 10_000));
        }

        return detector;
    }

    private DriftWindow Window(double keys, double users)
    {
        var start = Start.AddMinutes(_next++);
        return new DriftWindow { StoreId = "s", Start = start, End = start.AddMinutes(1), SessionKeys = keys, ActiveUsers = users, Samples = 2 };
    }
}
