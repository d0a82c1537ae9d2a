namespace StreamDrift.Web.Tests;

/// <summary>deploy/prometheus: the alerting rules are valid and each has a passing unit test.</summary>
public class PrometheusRulesTests
{
    private static readonly string Folder = Path.Combine(Repository.Root, "deploy", "prometheus");

    [Fact]
    public async Task Rules_PassPromtoolCheck()
    {
        var (exit, output) = await Promtool.RunAsync(["check", "rules", "streamdrift-rules.yml"], workingDirectory: Folder);

        Assert.True(exit == 0, output);
        Assert.Contains("SUCCESS: 5 rules found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rules_PassTheirUnitTests_AndEveryRuleIsTested()
    {
        var (exit, output) = await Promtool.RunAsync(["test", "rules", "streamdrift-rules.test.yml"], workingDirectory: Folder);
        Assert.True(exit == 0, output);

        var rules = File.ReadAllLines(Path.Combine(Folder, "streamdrift-rules.yml"))
            .Select(l => l.Trim()).Where(l => l.StartsWith("- alert: ", StringComparison.Ordinal)).Select(l => l["- alert: ".Length..]).ToList();
        var tests = File.ReadAllText(Path.Combine(Folder, "streamdrift-rules.test.yml"));
        Assert.Equal(5, rules.Count);
        Assert.All(rules, r => Assert.Contains($"alertname: {r}\n", tests, StringComparison.Ordinal));
    }
}
