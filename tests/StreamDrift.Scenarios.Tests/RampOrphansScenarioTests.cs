using StreamDrift.Scenarios.Tests.Ramp;

namespace StreamDrift.Scenarios.Tests;

/// <summary>
/// Session keys written without a TTL from 40 s on, while the store from zero traffic is still rising: they exceed
/// what lingers by right once the leavers' 20 s TTL would have run out, then pile up at the departure rate.
/// </summary>
[Collection(RampRun.Collection)]
public class RampOrphansScenarioTests
{
    [Fact]
    public Task OrphansWhileRising_FirstAlertIsOrphanedSessions() =>
        RampAssert.FirstAlertNamesAsync(RampFault.OrphanedSessions, TimeSpan.FromSeconds(40), "ORPHANED_SESSIONS");
}
