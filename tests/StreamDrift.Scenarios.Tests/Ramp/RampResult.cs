using StreamDrift.TestSupport.Scenarios;

namespace StreamDrift.Scenarios.Tests.Ramp;

/// <summary>What a ramp run produced: its windows and alerts, when the shop opened and the fault began, and what streamdrift warned of.</summary>
internal sealed record RampResult(DateTimeOffset ShopOpened, DateTimeOffset FaultAt, IReadOnlyList<ObservationLine> Windows, IReadOnlyList<AlertLine> Alerts, string Warnings = "")
{
    public AlertLine? FirstOpened => Alerts.FirstOrDefault(a => a.Transition.Equals("opened", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The run, for a failure message: every alert, each window in brief (<see cref="ObservationLine.Brief"/>), and
    /// streamdrift's warnings.
    /// </summary>
    public string Story() =>
        "[alerts: " + string.Join("; ", Alerts.Select(a => $"{a.Transition} {a.Cause} at +{(a.At - ShopOpened).TotalSeconds:0}s: {a.Reading}"))
        + "] [windows: " + string.Join(" ", Windows.Select(w => w.Brief(ShopOpened))) + "] [warnings: " + Warnings + "]";
}
