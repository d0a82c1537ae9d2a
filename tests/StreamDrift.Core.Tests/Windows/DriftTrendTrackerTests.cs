using StreamDrift.Core.Windows;

namespace StreamDrift.Core.Tests.Windows;

public sealed class DriftTrendTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void MinMeanMax_CoverTheHorizon_AndOldDriftDropsOut()
    {
        var trend = new DriftTrendTracker(TimeSpan.FromHours(24));
        trend.Add(T0, -500);
        trend.Add(T0.AddHours(1), 100);
        trend.Add(T0.AddHours(2), 300);

        Assert.Equal(new DriftTrend(-500, -100 / 3.0, 300), trend.Get(T0.AddHours(2)));

        trend.Add(T0.AddHours(24.5), 200);
        var later = trend.Get(T0.AddHours(24.5));
        Assert.Equal(100, later.Min);
        Assert.Equal(300, later.Max);
        Assert.Equal(200, later.Mean);
    }

    [Fact]
    public void NoDriftYet_IsAllZero() => Assert.Equal(default, new DriftTrendTracker(TimeSpan.FromHours(24)).Get(T0));
}
