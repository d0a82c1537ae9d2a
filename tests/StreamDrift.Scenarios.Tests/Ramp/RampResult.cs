using StreamDrift.TestSupport.Scenarios;

namespace StreamDrift.Scenarios.Tests.Ramp;

/// <summary>What a ramp run produced: its windows and alerts, and when the shop opened and the fault began.</summary>
internal sealed record RampResult(DateTimeOffset ShopOpened, DateTimeOffset FaultAt, IReadOnlyList<ObservationLine> Windows, IReadOnlyList<AlertLine> Alerts)
{
    public AlertLine? FirstOpened => Alerts.FirstOrDefault(a => a.Transition.Equals("opened", StringComparison.OrdinalIgnoreCase));

    /// <summary>The run, for a failure message: every alert and each window's keys, users and state.</summary>
    public string Story() =>
        "[alerts: " + string.Join("; ", Alerts.Select(a => $"{a.Transition} {a.Cause} at +{(a.At - ShopOpened).TotalSeconds:0}s: {a.Reading}"))
        + "] [windows: " + string.Join(" ", Windows.Select(w => $"+{(w.WindowStart - ShopOpened).TotalSeconds:0}:{w.SessionKeys:0}/{w.ActiveUsers:0}{w.State[0]}")) + "]";
}
