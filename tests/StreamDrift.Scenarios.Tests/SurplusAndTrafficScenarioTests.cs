using StreamDrift.Storefront;

namespace StreamDrift.Scenarios.Tests;

/// <summary>
/// Orphans: keys written without a TTL only exceed the count once the 10 s TTL they skipped would have run
/// out, then pile up at the departure rate (about 7 keys/s): bound 25 windows; they never resolve by
/// themselves (the keys stay). Bots: the wave is at full size within 3 s: bound 6 windows, and it resolves
/// when the bots leave.
/// </summary>
public class SurplusAndTrafficScenarioTests
{
    [Fact]
    public Task OrphanedSessions_AreAlertedAsOrphanedSessions_AndStayAlerted() =>
        FaultScenario.AssertDetectedAsync(Fault.OrphanedSessions, detectWithin: 25, resolveWithin: null);

    [Fact]
    public Task BotWave_IsAlertedAsBotTraffic_AndResolves() =>
        FaultScenario.AssertDetectedAsync(Fault.BotTraffic, detectWithin: 6, resolveWithin: 15);
}
