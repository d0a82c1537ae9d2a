using StreamDrift.Core.Detection;

namespace StreamDrift.Core.Tests.Detection;

public sealed class DetectorOptionsTests
{
    [Theory]
    [InlineData(Sensitivity.Low)]
    [InlineData(Sensitivity.Medium)]
    [InlineData(Sensitivity.High)]
    public void Presets_AreValid(Sensitivity sensitivity)
    {
        var preset = DetectorOptions.For(sensitivity);

        var error = Record.Exception(() => preset.Validate());

        Assert.Null(error);
        // The check above is only worth something if Validate rejects: the same preset broken in one setting must throw.
        Assert.Throws<ArgumentException>(() => (preset with { SustainedWindows = 0 }).Validate());
    }

    [Fact]
    public void Presets_AreOrderedBySensitivity()
    {
        var (low, medium, high) = (DetectorOptions.For(Sensitivity.Low), DetectorOptions.For(Sensitivity.Medium), DetectorOptions.For(Sensitivity.High));
        Assert.True(low.ZThreshold > medium.ZThreshold && medium.ZThreshold > high.ZThreshold);
        Assert.True(low.MinRatioChange > medium.MinRatioChange && medium.MinRatioChange > high.MinRatioChange);
        Assert.True(low.SustainedWindows > medium.SustainedWindows && medium.SustainedWindows > high.SustainedWindows);
        // Direct evidence shortens the run at every sensitivity, and the more sensitive the preset the shorter.
        Assert.True(low.CorroboratedWindows > medium.CorroboratedWindows && medium.CorroboratedWindows > high.CorroboratedWindows);
        Assert.All(new[] { low, medium, high }, o => Assert.InRange(o.CorroboratedWindows, 1, o.SustainedWindows - 1));
    }

    [Fact]
    public void InvalidSetting_IsNamedInTheMessage()
    {
        var ex = Assert.Throws<ArgumentException>(() => (new DetectorOptions() with { MinBaselineWindows = 100 }).Validate());
        Assert.Contains("DetectorOptions.MinBaselineWindows", ex.Message, StringComparison.Ordinal);
        Assert.Equal("MinBaselineWindows", ex.ParamName);
        Assert.Throws<ArgumentException>(() => (new DetectorOptions() with { ResolveFactor = 1.5 }).Validate());
        Assert.Equal("CorroboratedWindows", Assert.Throws<ArgumentException>(() => (new DetectorOptions() with { CorroboratedWindows = 0 }).Validate()).ParamName);
    }
}
