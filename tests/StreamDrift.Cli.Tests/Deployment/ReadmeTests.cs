using StreamDrift.Cli.Configuration;
using StreamDrift.Cli.Metrics;
using StreamDrift.Cli.Recording;
using StreamDrift.Core.Classification;

namespace StreamDrift.Cli.Tests.Deployment;

/// <summary>The README's references are checked against the code, so the two cannot drift apart.</summary>
public class ReadmeTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));

    [Fact]
    public void ConfigurationReference_ListsEveryFlag()
    {
        foreach (var spec in RunFlags.Specs)
        {
            Assert.Contains($"| `--{spec.Name}", Readme, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ConfigurationReference_ListsEverySetting()
    {
        foreach (var key in KnownKeys.All.Where(k => !k.EndsWith(":*", StringComparison.Ordinal) && k != "Stores" && k != "Stores:*:Sensitivity"))
        {
            Assert.Contains($"`{key.Replace("*", "N", StringComparison.Ordinal)}`", Readme, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void MultiStoreExample_IsAValidConfiguration()
    {
        var start = Readme.IndexOf("```json", StringComparison.Ordinal) + "```json".Length;
        var json = Readme[start..Readme.IndexOf("```", start, StringComparison.Ordinal)];
        using var file = new Configuration.ConfigFile(json);

        var options = RunOptionsLoader.Load(FlagParser.Parse("run", ["--config", file.Path], RunFlags.Specs), new System.Collections.Hashtable());

        Assert.Equal(["eu", "us"], options.Stores.Select(s => s.Id));
    }

    [Fact]
    public void CausesSection_ExplainsEveryCause()
    {
        foreach (var cause in Enum.GetNames<Cause>())
        {
            var upperSnake = string.Concat(cause.Select((c, i) => i > 0 && char.IsUpper(c) ? $"_{c}" : $"{char.ToUpperInvariant(c)}"));
            Assert.Contains($"| `{upperSnake}` |", Readme, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void MetricsSection_ListsEveryRegisteredMetric()
    {
        var registry = new MetricsRegistry();
        _ = new StreamDriftMetrics(registry);
        foreach (var line in registry.Render().Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)))
        {
            Assert.Contains($"| `{line.Split(' ')[2]}` |", Readme, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void RecordingExample_ParsesWithTheReader()
    {
        var lines = Readme.Split('\n').Where(l => l.StartsWith("{\"type\":", StringComparison.Ordinal)).ToList();

        var entries = lines.Select((l, i) => RecordingJson.Parse(l, i + 1)).ToList();

        Assert.Equal(["snapshot", "users"], entries.Select(e => e.Type));
    }
}
