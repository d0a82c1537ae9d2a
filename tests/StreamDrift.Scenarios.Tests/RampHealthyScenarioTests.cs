using StreamDrift.Scenarios.Tests.Ramp;

namespace StreamDrift.Scenarios.Tests;

/// <summary>
/// The healthy store from zero traffic at the default sensitivity: while the first shoppers leave, their keys
/// linger for the TTL and the surplus of keys over users grows from about +10 % to over +20 % of users. The expected
/// drift moves with it: no alert.
/// </summary>
[Collection(RampRun.Collection)]
public class RampHealthyScenarioTests
{
    [Fact]
    public async Task StoreStartingFromZero_RampsToSteadyState_NoAlert()
    {
        var result = await RampRun.RunAsync(RampFault.None, TimeSpan.Zero, TimeSpan.FromSeconds(110));
        var story = result.Story();

        Assert.True(result.Alerts.Count == 0, $"a healthy ramp alerted: {story}");
        var judged = result.Windows.Where(w => w.SessionKeys is > 0 && w.ActiveUsers is > 0).ToList();
        Assert.True(judged.Count >= 45, $"only {judged.Count} windows judged: {story}");
        // The ramp the model must follow: early on keys are the second tabs over users, at the end lingering keys too.
        var early = judged.Where(w => w.WindowStart - result.ShopOpened is { TotalSeconds: >= 20 and < 36 }).Average(w => (w.SessionKeys!.Value / w.ActiveUsers!.Value) - 1);
        var late = judged.Where(w => w.WindowStart - result.ShopOpened >= TimeSpan.FromSeconds(100)).Average(w => (w.SessionKeys!.Value / w.ActiveUsers!.Value) - 1);
        Assert.True(late - early >= 0.08, $"surplus {early:P0} early, {late:P0} late: the ramp did not move the raw ratio: {story}");
        Assert.True(judged.Max(w => w.ActiveUsers!.Value) >= 0.85 * RampAssert.SteadyUsers, $"the shop never reached its steady state: {story}");
    }
}
