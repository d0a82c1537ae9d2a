using StreamDrift.Storefront;
using StreamDrift.TestSupport.Scenarios;

namespace StreamDrift.ScenarioReport;

/// <summary>
/// One run's verdict. The classified cause is the cause of the first alert opened after the fault started;
/// for a silent connector, which by design opens no alert (the drift is unknown, not material), it is the
/// cause of the first window judged STALE.
/// </summary>
internal sealed record RunRow(ScenarioResult Result, string Classified, int? FromFault, int? FromMaterial, bool? Resolved)
{
    public Fault Fault => Result.Spec.Fault;

    public bool Correct => Classified == ExpectedCause.For(Fault);

    public string Summary => Fault == Fault.None
        ? $"{Result.HealthyJudgedWindows} healthy windows, {Result.FalseAlerts.Count} false alerts"
        : $"classified {Classified}, {FromFault?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} windows from fault, {FromMaterial?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} from material, resolved {Resolved?.ToString() ?? "n/a"}, false alerts {Result.FalseAlerts.Count}";

    public static RunRow Of(ScenarioResult r)
    {
        if (r.Spec.Fault == Fault.None)
        {
            return new RunRow(r, "NONE", null, null, null);
        }
        var expected = ExpectedCause.For(r.Spec.Fault);
        if (r.Spec.Fault == Fault.ConnectorSilent)
        {
            var stale = r.FirstInState("STALE");
            var end = stale?.WindowStart + r.Spec.Window;
            return new RunRow(r, stale?.Cause ?? "no STALE window", end is { } e ? r.WindowsFromFaultStart(e) : null, null, r.NormalAfterFault is not null);
        }
        var named = r.FirstNaming(expected);
        bool? resolved = ExpectedCause.Resolves(r.Spec.Fault) ? r.Resolved is not null : null;
        return new RunRow(r, r.Opened?.Cause ?? "no alert",
            named is null ? null : r.WindowsFromFaultStart(named.At),
            named is null ? null : r.WindowsFromMaterial(named.At),
            resolved);
    }
}
