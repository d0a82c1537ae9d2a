using StreamDrift.Scenarios.Tests.Ramp;

namespace StreamDrift.Scenarios.Tests;

/// <summary>An eviction storm (allkeys-lru at the memory cap, a page cache flooding the instance) while the store from zero traffic is still rising.</summary>
[Collection(RampRun.Collection)]
public class RampEvictionScenarioTests
{
    [Fact]
    public Task EvictionStormWhileRising_FirstAlertIsSessionsEvicted() =>
        RampAssert.FirstAlertNamesAsync(RampFault.EvictionStorm, TimeSpan.FromSeconds(50), "SESSIONS_EVICTED");
}
