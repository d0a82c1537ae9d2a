namespace StreamDrift.Storefront.Tests;

public class StorefrontOptionsTests
{
    [Fact]
    public void Defaults_AreValid()
    {
        Assert.Null(Record.Exception(() => new StorefrontOptions().Validate()));
    }

    [Theory]
    [InlineData(nameof(StorefrontOptions.SteadyShoppers))]
    [InlineData(nameof(StorefrontOptions.SecondTabShare))]
    [InlineData(nameof(StorefrontOptions.PageCachePages))]
    [InlineData(nameof(StorefrontOptions.Tick))]
    public void InvalidSetting_IsRejectedNamingIt(string setting)
    {
        var options = setting switch
        {
            nameof(StorefrontOptions.SteadyShoppers) => new StorefrontOptions { SteadyShoppers = -1 },
            nameof(StorefrontOptions.SecondTabShare) => new StorefrontOptions { SecondTabShare = 1.5 },
            nameof(StorefrontOptions.PageCachePages) => new StorefrontOptions { PageCachePages = 0 },
            _ => new StorefrontOptions { Tick = TimeSpan.Zero },
        };

        var ex = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal(setting, ex.ParamName);
        Assert.StartsWith($"{nameof(StorefrontOptions)}.{setting} ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulator_ValidatesItsOptionsBeforeTouchingRedis()
    {
        // No connection at all: the options must be refused before the simulator reaches for one.
        var ex = Assert.Throws<ArgumentException>(() =>
            new StorefrontSimulator(null!, new StorefrontOptions { MeanVisit = TimeSpan.Zero }, _ => { }, TimeProvider.System));

        Assert.Equal(nameof(StorefrontOptions.MeanVisit), ex.ParamName);
    }
}
