using StreamDrift.Core.Join;

namespace StreamDrift.Core.Tests.Join;

public sealed class SessionKeyHistoryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AsOf_ReturnsTheLatestCountAtOrBeforeTheInstant_FillingSkippedSeconds()
    {
        var history = new SessionKeyHistory(86_400);
        history.Record(T0, 100);
        history.Record(T0.AddSeconds(1), 110);
        history.Record(T0.AddSeconds(5), 150); // seconds 2-4 missing: the gauge held 110

        Assert.Equal(100, AsOf(history, T0.AddMilliseconds(999)));
        Assert.Equal(110, AsOf(history, T0.AddSeconds(3)));
        Assert.Equal(150, AsOf(history, T0.AddSeconds(5)));
        Assert.Equal(150, AsOf(history, T0.AddSeconds(60)));
        Assert.False(history.TryGetAsOf(T0.AddSeconds(-1), out _));
    }

    [Fact]
    public void TwentyFiveHours_KeepTheLastDay_InWellUnderOneMegabyte()
    {
        var history = new SessionKeyHistory(86_400);
        for (var s = 0; s < 25 * 3600; s++)
        {
            history.Record(T0.AddSeconds(s), s);
        }

        Assert.True(history.RetainedBytes <= 86_400 * sizeof(int), $"{history.RetainedBytes} bytes");
        Assert.False(history.TryGetAsOf(T0.AddHours(1).AddSeconds(-1), out _));
        Assert.Equal(3600, AsOf(history, T0.AddHours(1)));
        Assert.Equal((25 * 3600) - 1, AsOf(history, T0.AddHours(25)));
        Assert.Equal(12 * 3600, AsOf(history, T0.AddHours(12)));
    }

    [Fact]
    public void ShortHistory_StartsSmall_AndGrowsAsItFills()
    {
        var history = new SessionKeyHistory(86_400);
        history.Record(T0, 1);
        var small = history.RetainedBytes;
        for (var s = 1; s < 5000; s++)
        {
            history.Record(T0.AddSeconds(s), s);
        }

        Assert.True(small <= 4096);
        Assert.Equal(1, AsOf(history, T0));
        Assert.Equal(2500, AsOf(history, T0.AddSeconds(2500)));
    }

    [Fact]
    public void LateSnapshotForAPastSecond_OverwritesThatSecond()
    {
        var history = new SessionKeyHistory(3600);
        history.Record(T0, 10);
        history.Record(T0.AddSeconds(2), 30);
        history.Record(T0.AddSeconds(1), 20);

        Assert.Equal(20, AsOf(history, T0.AddSeconds(1)));
        Assert.Equal(30, AsOf(history, T0.AddSeconds(2)));
    }

    private static long AsOf(SessionKeyHistory history, DateTimeOffset at)
    {
        Assert.True(history.TryGetAsOf(at, out var keys));
        return keys;
    }
}
