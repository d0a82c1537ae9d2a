using StreamDrift.Storefront;
using StreamDrift.TestSupport.Scenarios;

namespace StreamDrift.Scenarios.Tests;

/// <summary>
/// Runs one fault scenario (20 s healthy, the fault, recovery; 1 s windows) and asserts what an operator
/// relies on: no alert before the fault, the first alert after it names the right cause within
/// <c>detectWithin</c> windows of the fault being switched on, and (where the drift goes away by itself)
/// the alert resolves within <c>resolveWithin</c> windows of the fault being switched off.
/// </summary>
internal static class FaultScenario
{
    public static async Task<ScenarioResult> AssertDetectedAsync(Fault fault, int detectWithin, int? resolveWithin, int seed = 1)
    {
        var result = await ScenarioRunner.RunAsync(ScenarioSpec.ForFault(fault, seed));
        var expected = ExpectedCause.For(fault);
        var story = Story(result);

        Assert.True(result.FalseAlerts.Count == 0, $"alert before the fault: {story}");
        var opened = result.Opened;
        Assert.True(opened is not null, $"no alert after {fault}: {story}");
        Assert.True(opened.Cause == expected, $"first alert after {fault} names {opened.Cause}, not {expected}: {story}");
        var windows = result.WindowsFromFaultStart(opened.At);
        Assert.True(windows <= detectWithin, $"{expected} alerted {windows} windows after the fault, bound {detectWithin}: {story}");

        var resolved = result.Resolved;
        if (resolveWithin is { } bound)
        {
            Assert.True(resolved is not null, $"alert not resolved after {fault} was removed: {story}");
            var after = (int)Math.Ceiling((resolved.At - result.FaultEnd!.Value) / result.Spec.Window);
            Assert.True(after <= bound, $"resolved {after} windows after the fault was removed, bound {bound}: {story}");
        }
        else
        {
            Assert.True(resolved is null, $"alert resolved though {fault} leaves its drift behind: {story}");
        }
        return result;
    }

    /// <summary>What happened, for a failure message: alerts and the states of the windows around the fault.</summary>
    public static string Story(ScenarioResult result)
    {
        var alerts = string.Join("; ", result.Alerts.Select(a => $"{a.Transition} {a.Cause} at +{(a.At - result.Start).TotalSeconds:0}s"));
        var states = string.Join(" ", result.Observations
            .Where(o => o.WindowStart >= result.FaultStart.AddSeconds(-3))
            .Select(o => $"+{(o.WindowStart - result.Start).TotalSeconds:0}:{o.State[0]}{Short(o.Cause)}"));
        // What the classifier read when it named the first alert's cause.
        var reading = result.Opened?.Reading ?? "none";
        return $"[alerts: {alerts}] [windows: {states}] [first alert's reading: {reading}]";
    }

    // WRIT, PREF, EVIC, EXPI rather than SESS for all of them.
    private static string Short(string cause)
    {
        var name = cause.Replace("SESSIONS_", "", StringComparison.Ordinal).Replace("SESSION_", "", StringComparison.Ordinal);
        return name[..Math.Min(4, name.Length)];
    }
}
