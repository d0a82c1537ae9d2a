using StreamDrift.TestSupport.Scenarios;

namespace StreamDrift.Scenarios.Tests;

/// <summary>
/// The healthy store with its natural noise (TTL lag, second tabs, a steady bot offset, shoppers coming and
/// going, a page cache on the same instance): not one alert over at least 200 judged 1 s windows. The only
/// long scenario of the CI run (about 4 minutes); more seeds run in tools/scenario-report.sh.
/// </summary>
public class HealthyBaselineScenarioTests
{
    [Fact]
    public async Task HealthyStore_RaisesNoAlert_Over200Windows()
    {
        var result = await ScenarioRunner.RunAsync(ScenarioSpec.Healthy(seed: 7, windows: 205));

        Assert.True(result.HealthyJudgedWindows >= 200, $"only {result.HealthyJudgedWindows} judged windows");
        Assert.True(result.Alerts.Count == 0, $"false alerts: {FaultScenario.Story(result)}");
        Assert.DoesNotContain(result.Observations, o => o.Samples > 0 && o.State != "NORMAL" && o.State != "MATERIAL");
    }
}
