using System.Collections;
using StreamDrift.Cli.Configuration;

namespace StreamDrift.Cli.Tests.Configuration;

/// <summary><c>--sentinel-master</c> and the sentinels' own credentials, from flags and STREAMDRIFT_ variables.</summary>
public class SentinelOptionsTests
{
    private static StreamDriftOptions Load(string[] args, IDictionary? environment = null) =>
        RunOptionsLoader.Load(FlagParser.Parse("run", args, RunFlags.Specs), environment ?? new Hashtable());

    [Fact]
    public void SentinelMaster_MakesTheRedisEndpointsSentinels_WithTheirOwnCredentials()
    {
        var options = Load(
            ["--users", "sim", "--redis", "10.0.0.1:26379", "--redis", "10.0.0.2:26379", "--sentinel-master", "sessions"],
            new Hashtable
            {
                ["STREAMDRIFT_STORES__0__SENTINELUSER"] = "watcher",
                ["STREAMDRIFT_STORES__0__SENTINELPASSWORD"] = "s3cret",
                ["STREAMDRIFT_STORES__0__REDISPASSWORD"] = "data-secret",
            });

        var store = Assert.Single(options.Stores);
        Assert.Equal("sessions", store.SentinelMaster);
        Assert.Equal(["10.0.0.1:26379", "10.0.0.2:26379"], store.Redis);
        Assert.Equal("watcher", store.SentinelUser);
        Assert.Equal("s3cret", store.SentinelPassword);
        Assert.Equal("data-secret", store.RedisPassword);
    }

    [Fact]
    public void WithoutSentinelMaster_TheEndpointsAreDataNodes()
    {
        var store = Assert.Single(Load(["--users", "sim"]).Stores);

        Assert.Null(store.SentinelMaster);
        Assert.Null(store.SentinelPassword);
    }

    [Theory]
    [InlineData("two words")]
    [InlineData("")]
    public void SentinelMaster_NotAName_IsOneLineNamingTheSetting(string name)
    {
        var error = Assert.Throws<UsageException>(() => Load(["--users", "sim", "--sentinel-master", name]));

        Assert.StartsWith("invalid setting Stores:0:SentinelMaster", error.Message, StringComparison.Ordinal);
    }
}
