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
        DateTimeOffset? detectorMaterialAt = null;
        DateTimeOffset? alertingAt = null;
        if (faultAt is { } fa)
        {
            var firstIndex = judged.FindIndex(j => j.Verdict.Window.End > fa
                && (j.Alert is { Transition: AlertTransition.Opened } || j.Verdict.State == DriftState.Stale));
            var first = firstIndex >= 0 ? judged[firstIndex] : null;
            if (first is not null)
            {
                (detectorMaterialAt, alertingAt) = Stages(judged, firstIndex, fa);
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
            DetectorMaterialAt = detectorMaterialAt,
            AlertingAt = alertingAt,
            LatencyWindows = latency,
            FirstReading = reading,
            FalseAlertNotes = [.. falseAlerts.Select(j => $"{j.Alert!.At:MM-dd HH:mm} {j.Alert.Cause}: {j.Alert.Reading}")],
        };
    }

    // Where the windows between material and the first alert go: the end of the first window of the material run that
    // led to the alert (the detector saw the effect), and the end of the first window the detector judged alerting
    // (the sustained rule held); the rest is the tracker's wait for evidence.
    private static (DateTimeOffset? Material, DateTimeOffset? Alerting) Stages(List<TrackedWindow> judged, int alertIndex, DateTimeOffset faultAt)
    {
        var start = alertIndex;
        for (var i = alertIndex; i >= 0 && judged[i].Verdict.Window.End > faultAt; i--)
        {
            var v = judged[i].Verdict;
            if (v.State is DriftState.Material or DriftState.Alerting or DriftState.Stale)
            {
                start = i;
            }
            else if (v.Window.ActiveUsers is not null && !v.Window.CountUncertain)
            {
                break;
            }
        }

        var alerting = judged.Skip(start).Take(alertIndex - start + 1).FirstOrDefault(j => j.Verdict.State is DriftState.Alerting or DriftState.Stale);
        return (judged[start].Verdict.Window.End, alerting?.Verdict.Window.End);
    }
}
