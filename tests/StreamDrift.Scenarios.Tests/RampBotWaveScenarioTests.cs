using StreamDrift.Scenarios.Tests.Ramp;

namespace StreamDrift.Scenarios.Tests;

/// <summary>A bot wave (+80 % active users without sessions) while the store from zero traffic is still rising.</summary>
[Collection(RampRun.Collection)]
public class RampBotWaveScenarioTests
{
    [Fact]
    public Task BotWaveWhileRising_FirstAlertIsBotTraffic() =>
        RampAssert.FirstAlertNamesAsync(RampFault.BotWave, TimeSpan.FromSeconds(50), "BOT_TRAFFIC");
}
