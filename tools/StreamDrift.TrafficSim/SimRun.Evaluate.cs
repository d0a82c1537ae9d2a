using StreamDrift.Core.Alerts;
using StreamDrift.Core.Classification;
using StreamDrift.Core.Detection;

namespace StreamDrift.TrafficSim;

internal static partial class SimRun
{
    private static SimRunResult Evaluate(SimRunSpec spec, StoreProfile profile, List<TrackedWindow> judged, DateTimeOffset? faultAt, DateTimeOffset? materialAt, DateTimeOffset start, DateTimeOffset end)
    {
        var healthyEnd = faultAt ?? end;
        var healthy = judged.Where(j => j.Verdict.Window.End <= healthyEnd && j.Verdict.Window.ActiveUsers is not null).ToList();
        var falseAlerts = healthy.Where(j => j.Alert is { Transition: AlertTransition.Opened }).ToList();
        Cause? cause = null;
        DateTimeOffset? firstAt = null;
        string? reading = null;
        if (faultAt is { } fa)
        {
            var first = judged.FirstOrDefault(j => j.Verdict.Window.End > fa
                && (j.Alert is { Transition: AlertTransition.Opened } || j.Verdict.State == DriftState.Stale));
            if (first is not null)
            {
                cause = first.Alert?.Cause ?? first.Diagnosis.Cause;
                firstAt = first.Verdict.Window.End;
                reading = first.Diagnosis.Reading + " {" + string.Join(", ", first.Diagnosis.Evidence.Select(e => FormattableString.Invariant($"{e.Key}={e.Value:0.##}"))) + "}";
            }
        }

        int? latency = firstAt is { } a && materialAt is { } m
            ? Math.Max(0, (int)Math.Ceiling((a - m) / SimRunSpec.Window))
            : null;
        return new SimRunResult
        {
            Spec = spec,
            Profile = profile,
            HealthyWindows = healthy.Count,
            FalseAlerts = falseAlerts.Count,
            HealthyDays = (healthyEnd - start).TotalDays,
            FaultAt = faultAt,
            MaterialAt = materialAt,
            FirstCause = cause,
            FirstAlertAt = firstAt,
            LatencyWindows = latency,
            FirstReading = reading,
            FalseAlertNotes = [.. falseAlerts.Select(j => $"{j.Alert!.At:MM-dd HH:mm} {j.Alert.Cause}: {j.Alert.Reading}")],
        };
    }
}
