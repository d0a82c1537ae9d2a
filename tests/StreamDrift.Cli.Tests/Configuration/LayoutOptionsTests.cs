using StreamDrift.Cli.Configuration;

namespace StreamDrift.Cli.Tests.Configuration;

public class LayoutOptionsTests
{
    private static StreamDriftOptions Load(string[] args) =>
        RunOptionsLoader.Load(FlagParser.Parse("run", args, RunFlags.Specs), new System.Collections.Hashtable());

    [Fact]
    public void Layout_SetsThePrefixesAndExclusions_AndExcludeAddsToThem()
    {
        var store = Load(["--users", "sim", "--layout", "php", "--exclude", "PHPREDIS_SESSION:warmup-*"]).Stores[0];

        Assert.Equal("php", store.Layout);
        Assert.Equal(["PHPREDIS_SESSION:"], store.Prefixes);
        Assert.Equal(["PHPREDIS_SESSION:*_LOCK", "PHPREDIS_SESSION:warmup-*"], store.Exclusions);
    }

    [Fact]
    public void Prefix_OverridesTheLayoutsPrefix()
    {
        var store = Load(["--users", "sim", "--layout", "spring", "--prefix", "shop:session:sessions:"]).Stores[0];

        Assert.Equal(["shop:session:sessions:"], store.Prefixes);
    }

    [Fact]
    public void UnknownLayout_IsOneLineNamingTheSetting()
    {
        var e = Assert.Throws<UsageException>(() => Load(["--users", "sim", "--layout", "wordpress"]));

        Assert.StartsWith("invalid setting Stores:0:Layout 'wordpress': must be one of express, php,", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnExclusionThatExcludesEverything_IsOneLineNamingTheSetting()
    {
        var e = Assert.Throws<UsageException>(() => Load(["--users", "sim", "--prefix", "sess:", "--exclude", "sess*"]));

        Assert.Equal("invalid setting Stores:0:Exclude 'sess*': excludes every key under the prefix 'sess:', so nothing would be counted", e.Message);
    }
}
