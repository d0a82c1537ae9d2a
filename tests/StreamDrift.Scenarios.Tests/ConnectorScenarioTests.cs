using StreamDrift.Storefront;
using StreamDrift.TestSupport.Scenarios;

namespace StreamDrift.Scenarios.Tests;

/// <summary>
/// A silent connector makes the drift unknown, not material: no alert may open (nothing was measured), the
/// windows turn STALE with cause CONNECTOR_STALE once no sample came for the 3 s stale-after (bound 6 windows,
/// grace included), and turn NORMAL again within 6 windows of the connector reporting again.
/// </summary>
public class ConnectorScenarioTests
{
    [Fact]
    public async Task SilentConnector_TurnsWindowsStale_AndRecovers()
    {
        var result = await ScenarioRunner.RunAsync(ScenarioSpec.ForFault(Fault.ConnectorSilent, seed: 1));
        var story = FaultScenario.Story(result);

        Assert.True(result.Alerts.Count == 0, $"a silent connector opened an alert: {story}");
        var stale = result.FirstInState("STALE");
        Assert.True(stale is not null, $"no STALE window: {story}");
        Assert.Equal("CONNECTOR_STALE", stale.Cause);
        Assert.InRange(result.WindowsFromFaultStart(stale.WindowStart + result.Spec.Window), 1, 6);
        var normal = result.NormalAfterFault;
        Assert.True(normal is not null, $"never NORMAL again: {story}");
        Assert.InRange((normal.WindowStart - result.FaultEnd!.Value) / result.Spec.Window, 0, 6);
    }
}
