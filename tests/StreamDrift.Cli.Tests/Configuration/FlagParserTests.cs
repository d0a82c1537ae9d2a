using StreamDrift.Cli.Configuration;

namespace StreamDrift.Cli.Tests.Configuration;

public class FlagParserTests
{
    [Fact]
    public void Parse_AcceptsSpaceAndEqualsForms_AndRepeatsInOrder()
    {
        var flags = FlagParser.Parse("run", ["--prefix", "sess:", "--prefix=PHPREDIS_SESSION:", "--db=3"], RunFlags.Specs);

        Assert.Equal(["sess:", "PHPREDIS_SESSION:"], flags.GetAll("prefix"));
        Assert.Equal("3", flags.Get("db"));
    }

    [Theory]
    [InlineData("--bogus", "unknown flag '--bogus' for run")]
    [InlineData("stray", "unexpected argument 'stray' for run")]
    [InlineData("--db", "flag --db needs a value")]
    public void Parse_RejectsWhatItDoesNotKnow(string arg, string expected)
    {
        var e = Assert.Throws<UsageException>(() => FlagParser.Parse("run", [arg], RunFlags.Specs));
        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToConfiguration_MapsStoreFlagsToTheFirstStore_AndIndexesRepeatableOnes()
    {
        var flags = FlagParser.Parse("run", ["--store", "eu", "--prefix", "a:", "--prefix", "b:", "--kafka", "none", "--sensitivity", "high"], RunFlags.Specs);

        var config = RunFlags.ToConfiguration(flags);

        Assert.Equal("eu", config["Stores:0:Id"]);
        Assert.Equal("a:", config["Stores:0:Prefixes:0"]);
        Assert.Equal("b:", config["Stores:0:Prefixes:1"]);
        Assert.Equal("none", config["Kafka"]);
        Assert.Equal("high", config["Stores:0:Sensitivity:Level"]);
    }

    [Fact]
    public void Usage_ListsEveryFlag()
    {
        var usage = FlagParser.Usage("run", "[flags]", RunFlags.Specs);
        foreach (var spec in RunFlags.Specs)
        {
            Assert.Contains($"--{spec.Name}", usage, StringComparison.Ordinal);
        }
    }
}
