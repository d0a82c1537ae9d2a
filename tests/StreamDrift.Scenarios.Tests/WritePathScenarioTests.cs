using StreamDrift.Storefront;

namespace StreamDrift.Scenarios.Tests;

/// <summary>
/// Faults on the application's write path. Sessions are not deleted: they stop being refreshed and expire
/// within the 10 s session TTL, so the drift turns material a few windows in; bound 10 windows. Both resolve
/// when writes come back under the watched prefix.
/// </summary>
public class WritePathScenarioTests
{
    [Fact]
    public Task WritesFailing_IsAlertedAsSessionWritesFailing_AndResolves() =>
        FaultScenario.AssertDetectedAsync(Fault.WritesFailing, detectWithin: 10, resolveWithin: 15);

    [Fact]
    public Task PrefixChangedByADeploy_IsAlertedAsSessionPrefixChanged_AndResolves() =>
        FaultScenario.AssertDetectedAsync(Fault.PrefixChanged, detectWithin: 10, resolveWithin: 15);
}
