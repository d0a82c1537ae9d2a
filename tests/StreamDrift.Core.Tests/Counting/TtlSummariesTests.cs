using StreamDrift.Core.Counting;

namespace StreamDrift.Core.Tests.Counting;

public class TtlSummariesTests
{
    [Fact]
    public void From_CountsKeysWithoutTtl_AndTakesQuantilesOfTheOthers()
    {
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        long[] ttls = [-1, -1, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000];

        var summary = TtlSummaries.From(at, ttls);

        Assert.Equal(12, summary.Sampled);
        Assert.Equal(2, summary.WithoutTtl);
        Assert.Equal(2.0 / 12, summary.ShareWithoutTtl, 6);
        Assert.Equal(1, summary.P10Seconds);
        Assert.Equal(5, summary.P50Seconds);
        Assert.Equal(9, summary.P90Seconds);
        Assert.Equal(10, summary.MaxSeconds);
    }

    [Fact]
    public void From_WithNoKeyHavingATtl_ReportsOnlyTheShare()
    {
        var summary = TtlSummaries.From(DateTimeOffset.UnixEpoch, [-1, -1]);

        Assert.Equal(1.0, summary.ShareWithoutTtl);
        Assert.Equal(0, summary.P50Seconds);
    }
}
