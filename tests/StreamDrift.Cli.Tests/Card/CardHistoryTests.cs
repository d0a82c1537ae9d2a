using StreamDrift.Cli.Card;
using StreamDrift.Core.Detection;

namespace StreamDrift.Cli.Tests.Card;

public class CardHistoryTests
{
    private static void Feed(CardHistory history, int windows, TimeSpan size, Func<int, DriftState>? state = null)
    {
        for (var i = 0; i < windows; i++)
        {
            var start = CardFeed.T0 + (size * i);
            history.Add(start, size, new CardPoint(start, 100 + (i % 2 * 10), 80, 90, 130, state?.Invoke(i) ?? DriftState.Normal, 1));
        }
    }

    [Fact]
    public void UntilFull_KeepsOnePointPerWindow()
    {
        var history = new CardHistory();

        Feed(history, 120, TimeSpan.FromSeconds(2));

        Assert.Equal(120, history.Points.Count);
        Assert.Equal(TimeSpan.FromSeconds(2), history.Bucket);
        Assert.Equal(0, history.Epoch);
        Assert.Equal(110, history.Points[1].SessionKeys);
    }

    [Fact]
    public void WhenFull_HalvesItsResolution_KeepingMeansAndTheWorstState()
    {
        var history = new CardHistory();

        Feed(history, CardHistory.MaxPoints + 1, TimeSpan.FromSeconds(1), i => i == 5 ? DriftState.Alerting : DriftState.Normal);

        Assert.Equal(TimeSpan.FromSeconds(2), history.Bucket);
        Assert.Equal((CardHistory.MaxPoints / 2) + 1, history.Points.Count);
        Assert.True(history.Epoch > 0, "clients holding the fine points must reload");
        Assert.Equal(105, history.Points[0].SessionKeys); // mean of 100 and 110
        Assert.Equal(2, history.Points[0].Windows);
        Assert.Equal(DriftState.Alerting, history.Points[2].State); // windows 4 and 5
    }

    [Theory]
    [InlineData(1)]
    [InlineData(60)]
    public void OverDays_Spans24Hours_InAtMostMaxPoints(int windowSeconds)
    {
        var history = new CardHistory();
        var size = TimeSpan.FromSeconds(windowSeconds);
        var windows = (int)(TimeSpan.FromHours(30) / size);

        Feed(history, windows, size);

        Assert.InRange(history.Points.Count, 2, CardHistory.MaxPoints);
        var span = history.Points[^1].Start - history.Points[0].Start + history.Bucket;
        Assert.InRange(span, TimeSpan.FromHours(23), CardHistory.Span + history.Bucket);
        Assert.Equal(CardFeed.T0 + (size * (windows - 1)) - TimeSpan.FromTicks((CardFeed.T0 + (size * (windows - 1))).UtcTicks % history.Bucket.Ticks), history.Points[^1].Start);
    }

    [Fact]
    public void AStaleWindow_DoesNotPullTheBucketsMeanToZero()
    {
        var a = new CardPoint(CardFeed.T0, 100, 80, null, null, DriftState.Normal, 1);
        var stale = new CardPoint(CardFeed.T0, 100, null, null, null, DriftState.Stale, 1);

        var merged = a.Merge(stale);

        Assert.Equal(80, merged.ActiveUsers);
        Assert.Equal(DriftState.Stale, merged.State);
    }
}
