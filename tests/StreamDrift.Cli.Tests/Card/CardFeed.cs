using StreamDrift.Core.Alerts;
using StreamDrift.Core.Classification;
using StreamDrift.Core.Detection;
using StreamDrift.Core.Windows;

namespace StreamDrift.Cli.Tests.Card;

/// <summary>Judged windows and alerts as the pipeline hands them to the card.</summary>
internal static class CardFeed
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    public static TrackedWindow Window(
        string store, int index, double keys, double users, DriftState state = DriftState.Normal, DriftAlert? alert = null,
        Cause cause = Cause.None, double? expectedDrift = 20, int seconds = 1)
    {
        var window = new DriftWindow
        {
            StoreId = store,
            Start = T0.AddSeconds(index * seconds),
            End = T0.AddSeconds((index + 1) * seconds),
            SessionKeys = keys,
            ActiveUsers = users,
            Samples = 1,
        };
        var verdict = new DetectorVerdict { Window = window, State = state, PreviousState = state, ExpectedDrift = expectedDrift };
        var diagnosis = cause == Cause.None ? Diagnosis.None : new Diagnosis(cause, 0.9, new Dictionary<string, double>(), "reading", ["mitigate"]);
        return new TrackedWindow(verdict, diagnosis, alert);
    }

    public static DriftAlert Alert(string store, AlertTransition transition, int openedIndex, int atIndex, Cause cause = Cause.SessionsEvicted) => new()
    {
        AlertId = $"{store}:{openedIndex}",
        StoreId = store,
        Transition = transition,
        Cause = cause,
        Confidence = 0.87,
        Evidence = new Dictionary<string, double> { ["evicted_on_prefix"] = 1234 },
        Reading = "Redis is evicting session keys.",
        Mitigations = ["Give sessions a dedicated Redis.", "Use a volatile-* policy."],
        OpenedAt = T0.AddSeconds(openedIndex + 1),
        At = T0.AddSeconds(atIndex + 1),
        PeakDrift = -600,
    };
}
