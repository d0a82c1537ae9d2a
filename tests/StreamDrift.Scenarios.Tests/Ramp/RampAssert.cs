namespace StreamDrift.Scenarios.Tests.Ramp;

/// <summary>The checks of a fault injected into the ramp: no alert before it, injected while rising, the first alert names it.</summary>
internal static class RampAssert
{
    /// <summary>Steady-state active users of the ramp store: arrivals x (mean stay 65 s + the connector's 10 s).</summary>
    public const double SteadyUsers = RampStorefront.ArrivalsPerSecond * 75;

    public static async Task FirstAlertNamesAsync(RampFault fault, TimeSpan faultAt, string expectedCause)
    {
        var result = await RampRun.RunAsync(fault, faultAt, TimeSpan.FromSeconds(115));
        var story = result.Story();

        Assert.True(result.Alerts.All(a => a.At >= result.FaultAt), $"alert before the fault: {story}");
        var before = result.Windows.Where(w => w.WindowStart < result.FaultAt.AddSeconds(-2) && w.WindowStart >= result.FaultAt.AddSeconds(-8) && w.ActiveUsers is not null).ToList();
        Assert.True(before.Count > 0 && before.Max(w => w.ActiveUsers!.Value) < 0.85 * SteadyUsers, $"the fault was not injected while traffic still rose: {story}");
        var opened = result.FirstOpened;
        Assert.True(opened is not null, $"no alert after {fault}: {story}");
        Assert.True(opened.Cause == expectedCause, $"first alert after {fault} names {opened.Cause}, not {expectedCause}: {story}");
    }
}
