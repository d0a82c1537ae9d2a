using StreamDrift.Core.Detection;
using System.Collections;
using StreamDrift.Cli.Configuration;

namespace StreamDrift.Cli.Tests.Configuration;

public class ReplayOptionsLoaderTests
{
    private static ReplayOptions Load(params string[] args) =>
        ReplayOptionsLoader.Load(FlagParser.Parse("replay", args, ReplayFlags.Specs), new Hashtable());

    [Fact]
    public void Load_NeedsNoUsersOrRedis_AndJudgesUnnamedStoresWithTheFlagSettings()
    {
        using var input = new ConfigFile("");

        var options = Load("--input", input.Path, "--window", "5s", "--sensitivity", "high");

        Assert.Equal(input.Path, options.Input);
        Assert.Null(options.Output);
        var store = options.StoreFor("eu");
        Assert.Equal("eu", store.Id);
        Assert.Equal(TimeSpan.FromSeconds(5), store.Window);
        Assert.Equal(Sensitivity.High, store.Sensitivity.Level);
        Assert.Equal(new UsersSource(UsersSourceKind.Recording, input.Path), store.Users);
    }

    [Fact]
    public void Load_UsesTheConfigFilesStoresByIdAndFlagsOverThem()
    {
        using var input = new ConfigFile("");
        using var config = new ConfigFile("""{ "Stores": [ { "Id": "eu", "Window": "10s" }, { "Id": "us", "Window": "20s", "Users": "sim" } ] }""");

        var options = Load("--input", input.Path, "--config", config.Path, "--output", "out.jsonl", "--grace", "1s");

        Assert.Equal("out.jsonl", options.Output);
        Assert.Equal(TimeSpan.FromSeconds(10), options.StoreFor("eu").Window);
        Assert.Equal(TimeSpan.FromSeconds(1), options.StoreFor("eu").Grace);
        Assert.Equal(TimeSpan.FromSeconds(20), options.StoreFor("us").Window);
        Assert.Equal(UsersSourceKind.Simulator, options.StoreFor("us").Users.Kind);
        Assert.Equal(TimeSpan.FromSeconds(10), options.StoreFor("other").Window); // the first store's settings
    }

    [Theory]
    [InlineData(new string[0], "replay needs --input FILE.jsonl")]
    [InlineData(new[] { "--input", "/nonexistent/rec.jsonl" }, "input file '/nonexistent/rec.jsonl' not found")]
    [InlineData(new[] { "--redis", "x:1" }, "unknown flag '--redis' for replay (see streamdrift replay --help)")]
    public void Load_RejectsBadInvocations(string[] args, string expected)
    {
        var e = Assert.Throws<UsageException>(() => Load(args));
        Assert.Equal(expected, e.Message);
    }

    [Fact]
    public void Load_ValidatesTheJudgingSettings()
    {
        using var input = new ConfigFile("");
        var e = Assert.Throws<UsageException>(() => Load("--input", input.Path, "--window", "0s"));
        Assert.Equal("invalid setting Stores:0:Window '0s': must be between 1s and 1h", e.Message);
    }
}
