using StreamDrift.Storefront;

namespace StreamDrift.Scenarios.Tests;

/// <summary>
/// Faults that remove session keys from Redis. Bounds: keys vanish within a few seconds of the fault, the
/// high preset alerts on the second material window, so eviction is named within 6 windows and short TTLs
/// (keys rewritten with the 3 s TTL must first run out before shoppers lose them) within 10.
/// Both resolve once shoppers' next page views rewrite their sessions (every 2.5-7.5 s) and 2 calm windows pass.
/// </summary>
public class KeyLossScenarioTests
{
    [Fact]
    public Task EvictionStorm_IsAlertedAsSessionsEvicted_AndResolves() =>
        FaultScenario.AssertDetectedAsync(Fault.EvictionStorm, detectWithin: 6, resolveWithin: 15);

    [Fact]
    public Task ShortTtlDeploy_IsAlertedAsSessionsExpiringEarly_AndResolves() =>
        FaultScenario.AssertDetectedAsync(Fault.ShortTtl, detectWithin: 10, resolveWithin: 15);
}
