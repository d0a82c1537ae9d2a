using StreamDrift.Cli.Configuration;

namespace StreamDrift.Cli.Tests.Configuration;

public class DurationTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("2s", 2_000)]
    [InlineData("5m", 300_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData(" 0s ", 0)]
    public void TryParse_AcceptsOneNumberAndOneUnit(string text, long expectedMs)
    {
        Assert.True(Duration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("s")]
    [InlineData("5 s")]
    [InlineData("-5s")]
    [InlineData("5sec")]
    [InlineData("1m30s")]
    [InlineData("00:01:00")]
    [InlineData("99999999999999999d")]
    public void TryParse_RejectsAnythingElse(string text) => Assert.False(Duration.TryParse(text, out _));

    [Theory]
    [InlineData(500, "500ms")]
    [InlineData(90_000, "90s")]
    [InlineData(3_600_000, "1h")]
    [InlineData(0, "0s")]
    public void Format_GivesTheShortestExactForm(long ms, string expected) =>
        Assert.Equal(expected, Duration.Format(TimeSpan.FromMilliseconds(ms)));
}
