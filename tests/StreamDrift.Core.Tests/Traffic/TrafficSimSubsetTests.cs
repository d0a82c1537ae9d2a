using StreamDrift.Core.Detection;
using StreamDrift.TrafficSim;

namespace StreamDrift.Core.Tests.Traffic;

/// <summary>
/// A few seeds of tools/traffic-report.sh's sweep, so CI checks the judgement of real traffic: simulated stores
/// (session TTL 5-60 min, 60 s windows, connectors every 30-60 s arriving late) through the Core judgement on
/// virtual time, with a daily curve, flash sales and marketing pushes.
/// </summary>
public sealed class TrafficSimSubsetTests
{
    [Fact]
    public void TwoHealthyDaysWithRampsDeclinesAndFlashSales_AtMediumSensitivity_RaiseNoAlert()
    {
        var result = SimRun.Execute(new SimRunSpec(1000, SimFault.None, DayPhase.Rising, Sensitivity.Medium, HealthyDays: 2));

        Assert.True(result.HealthyWindows > 2800, $"{result.HealthyWindows} judged windows");
        Assert.Empty(result.FalseAlertNotes);
    }

    [Fact]
    public void SteadyStoreWatchedFromMidAfternoon_TtlFifteenMinutesConnectorFive_NoFalseAlertWhileTheModelFills()
    {
        // The store behind 10 of the 11 pre-fault false alerts of the last sweep: keys of shoppers who left before
        // the first window, and the first window's unknown events, must not be learned as its level.
        var result = SimRun.Execute(new SimRunSpec(9, SimFault.Evicted, DayPhase.Peak, Sensitivity.Medium));

        Assert.True(result.HealthyWindows > 300, $"{result.HealthyWindows} judged windows");
        Assert.Empty(result.FalseAlertNotes);
    }

    [Theory]
    [InlineData("Evicted", "Rising")]
    [InlineData("ExpiringEarly", "Peak")]
    [InlineData("WritesRefused", "Peak")]
    [InlineData("PrefixChanged", "Peak")]
    [InlineData("PrefixChanged", "Falling")]
    [InlineData("Orphans", "Rising")]
    [InlineData("Bots", "Rising")]
    [InlineData("Bots", "Falling")]
    [InlineData("ConnectorStale", "Night")]
    [InlineData("FailoverToReplica", "Peak")]
    public void FaultAtMediumSensitivity_FirstAlertNamesIt_WithinFewWindowsOfMaterial(string faultName, string phaseName)
    {
        // Names, not the simulator's internal enums: xunit theories are public.
        var fault = Enum.Parse<SimFault>(faultName);
        var result = SimRun.Execute(new SimRunSpec(2, fault, Enum.Parse<DayPhase>(phaseName), Sensitivity.Medium));

        Assert.NotNull(result.MaterialAt);
        Assert.Equal(fault.Expected(), result.FirstCause);
        Assert.InRange(result.LatencyWindows!.Value, 0, 8);
        Assert.Equal(0, result.FalseAlerts);
    }
}
