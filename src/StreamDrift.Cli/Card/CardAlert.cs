using StreamDrift.Core.Alerts;
using StreamDrift.Core.Classification;

namespace StreamDrift.Cli.Card;

/// <summary>One alert as the card lists and marks it: its latest transition's figures, open until resolved.</summary>
internal sealed record CardAlert(
    string AlertId,
    Cause Cause,
    double Confidence,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ResolvedAt,
    double PeakDrift,
    int Windows,
    string Reading,
    IReadOnlyList<string> Mitigations,
    IReadOnlyDictionary<string, double> Evidence)
{
    public static CardAlert From(DriftAlert alert) => new(
        alert.AlertId,
        alert.Cause,
        alert.Confidence,
        alert.OpenedAt,
        alert.Transition == AlertTransition.Resolved ? alert.At : null,
        alert.PeakDrift,
        alert.Windows,
        alert.Reading,
        alert.Mitigations,
        alert.Evidence);
}
