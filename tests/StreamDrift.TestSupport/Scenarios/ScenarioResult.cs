namespace StreamDrift.TestSupport.Scenarios;

/// <summary>
/// What one scenario published, read against its fault script. Latencies are counted in windows:
/// <see cref="WindowsFromFaultStart"/> from the instant the fault was switched on to the end of the window
/// whose close published the alert (rounded up); <see cref="WindowsFromMaterial"/> from the end of the first
/// window the detector judged material after the fault started to the end of that same window.
/// </summary>
public sealed record ScenarioResult(ScenarioSpec Spec, DateTimeOffset Start, IReadOnlyList<ObservationLine> Observations, IReadOnlyList<AlertLine> Alerts)
{
    public DateTimeOffset FaultStart => Start + Spec.FaultFrom;

    public DateTimeOffset? FaultEnd => Spec.FaultUntil is { } until ? Start + until : null;

    /// <summary>Alerts opened before the fault (or at all, on a healthy run): false alerts.</summary>
    public IReadOnlyList<AlertLine> FalseAlerts =>
        [.. Alerts.Where(a => a.Transition == "OPENED" && (Spec.Fault == Storefront.Fault.None || a.At <= FaultStart))];

    /// <summary>Windows with users and a learned baseline, before the fault: the ones a false alert could come from.</summary>
    public int HealthyJudgedWindows =>
        Observations.Count(o => o.Samples > 0 && o.BaselineRatio is not null
            && (Spec.Fault == Storefront.Fault.None || o.WindowStart + Spec.Window <= FaultStart));

    /// <summary>The first alert opened after the fault started, whatever its cause.</summary>
    public AlertLine? Opened => Alerts.FirstOrDefault(a => a.Transition == "OPENED" && a.At > FaultStart);

    /// <summary>The first alert record (opened or updated) after the fault started that names <paramref name="cause"/>.</summary>
    public AlertLine? FirstNaming(string cause) => Alerts.FirstOrDefault(a => a.At > FaultStart && a.Cause == cause && a.Transition != "RESOLVED");

    /// <summary>The alert opened after the fault resolved after the fault was switched off.</summary>
    public AlertLine? Resolved => Opened is { } opened && FaultEnd is { } end
        ? Alerts.FirstOrDefault(a => a.AlertId == opened.AlertId && a.Transition == "RESOLVED" && a.At > end)
        : null;

    /// <summary>The first window judged material after the fault started.</summary>
    public ObservationLine? FirstMaterial => Observations.FirstOrDefault(o => o.WindowStart + Spec.Window > FaultStart && o.Material);

    /// <summary>The first window with the given detector state after the fault started (e.g. STALE).</summary>
    public ObservationLine? FirstInState(string state) => Observations.FirstOrDefault(o => o.WindowStart + Spec.Window > FaultStart && o.State == state);

    /// <summary>The first window judged NORMAL with users again after the fault was switched off.</summary>
    public ObservationLine? NormalAfterFault => FaultEnd is { } end
        ? Observations.FirstOrDefault(o => o.WindowStart >= end && o.Samples > 0 && o.State == "NORMAL")
        : null;

    public int WindowsFromFaultStart(DateTimeOffset windowEnd) => (int)Math.Ceiling((windowEnd - FaultStart) / Spec.Window);

    public int? WindowsFromMaterial(DateTimeOffset windowEnd) =>
        FirstMaterial is { } m ? (int)Math.Round((windowEnd - (m.WindowStart + Spec.Window)) / Spec.Window) : null;
}
