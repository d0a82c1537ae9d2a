using StreamDrift.Core.Windows;

namespace StreamDrift.Core.Tests.Windows;

public sealed class StoreHistoryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void OneSecondWindows_FoldIntoMinuteBuckets_WithTheirRangeAndSampleWeightedMean()
    {
        var history = new StoreHistory(TimeSpan.FromSeconds(1), TimeSpan.FromHours(24));
        history.Add(T0, Window((100, 50), (120, 52)));
        history.Add(T0.AddSeconds(59), Window((90, 60)));
        history.Add(T0.AddMinutes(1), Window((200, 70)));

        var points = Points(history);

        Assert.Equal(TimeSpan.FromMinutes(1), history.Resolution);
        Assert.Equal(TimeSpan.FromMinutes(5), history.OlderBucket);
        Assert.Equal(120 + 288, history.Capacity);
        Assert.Equal(2, points.Count);
        Assert.Equal(new HistoryPoint(T0, 90, 310 / 3f, 120, 50, 162 / 3f, 60), points[0]);
        Assert.Equal(new HistoryPoint(T0.AddMinutes(1), 200, 200, 200, 70, 70, 70), points[1]);
    }

    [Fact]
    public void WindowsLongerThanAMinute_AreOneBucketEach()
    {
        var history = new StoreHistory(TimeSpan.FromMinutes(5), TimeSpan.FromHours(24));

        Assert.Equal(TimeSpan.FromMinutes(5), history.Resolution);
        Assert.Equal(TimeSpan.FromMinutes(5), history.OlderBucket);
        Assert.Equal(288, history.Capacity);
    }

    [Fact]
    public void TwentyFiveHours_KeepTheLastDay_FiveMinuteBucketsBeforeTheLastTwoHours_AndASilentStretchIsAGap()
    {
        var history = new StoreHistory(TimeSpan.FromMinutes(1), TimeSpan.FromHours(24));
        for (var m = 0; m < 25 * 60; m++)
        {
            if (m is < (20 * 60) or >= (21 * 60))
            {
                history.Add(T0.AddMinutes(m), Window((m, m)));
            }
        }

        var points = Points(history);

        Assert.Equal(T0.AddHours(1), points[0].Start);
        Assert.Equal(T0.AddHours(25).AddMinutes(-1), points[^1].Start);
        Assert.DoesNotContain(points, p => p.Start >= T0.AddHours(20) && p.Start < T0.AddHours(21));
        var older = points.FindAll(p => p.Start < T0.AddHours(23));
        var recent = points.FindAll(p => p.Start >= T0.AddHours(23));
        Assert.Equal((22 * 12) - 12, older.Count);
        Assert.All(older, p => Assert.Equal(0, p.Start.Minute % 5));
        Assert.Equal(120, recent.Count);
        Assert.Equal(T0.AddHours(23), recent[0].Start);

        // A five-minute bucket holds the range and the mean of its five minutes.
        var lastOlder = older[^1];
        Assert.Equal(T0.AddHours(22).AddMinutes(55), lastOlder.Start);
        var first = (22 * 60) + 55;
        Assert.Equal(new HistoryPoint(lastOlder.Start, first, first + 2, first + 4, first, first + 2, first + 4), lastOlder);
    }

    [Fact]
    public void AfterASilenceLongerThanTheHorizon_OnlyTheNewBucketIsHeld()
    {
        var history = new StoreHistory(TimeSpan.FromMinutes(1), TimeSpan.FromHours(1));
        history.Add(T0, Window((5, 5)));
        history.Add(T0.AddHours(3), Window((7, 7)));

        var point = Assert.Single(Points(history));
        Assert.Equal(T0.AddHours(3), point.Start);
    }

    [Fact]
    public void TheRecentHoursTakeOverAtAFiveMinuteBoundary_NoTimeShownTwiceOrSkipped()
    {
        var history = new StoreHistory(TimeSpan.FromSeconds(10), TimeSpan.FromHours(24));
        for (var s = 0; s < (3 * 3600) + 1234; s += 10)
        {
            history.Add(T0.AddSeconds(s), Window((s, s)));
        }

        var points = Points(history);

        for (var i = 1; i < points.Count; i++)
        {
            var width = points[i - 1].Start.Minute % 5 == 0 && points[i].Start - points[i - 1].Start == TimeSpan.FromMinutes(5)
                ? TimeSpan.FromMinutes(5)
                : TimeSpan.FromMinutes(1);
            Assert.Equal(points[i - 1].Start + width, points[i].Start);
        }

        Assert.Equal(T0, points[0].Start);
        // Up to four minutes of the recent ring are shown as the five-minute bucket that holds them.
        Assert.InRange(points.Count(p => p.Start >= points[^1].Start.AddMinutes(-119)), 116, 120);
    }

    private static List<HistoryPoint> Points(StoreHistory history)
    {
        var points = new List<HistoryPoint>();
        Assert.Equal(history.CopyTo(points), points.Count);
        return points;
    }

    private static WindowAccumulator Window(params (long Keys, long Users)[] samples)
    {
        var window = default(WindowAccumulator);
        window.Reset(0);
        foreach (var (keys, users) in samples)
        {
            window.Add(keys, users, null, T0, 60);
        }

        return window;
    }
}
