using StreamDrift.Core.Detection;

namespace StreamDrift.Cli.Card;

/// <summary>
/// One point of a store's 24 h chart: the means of the windows that fell in one bucket, the expected band
/// of session keys the detector judged them against, and the worst state any of them had.
/// </summary>
internal readonly record struct CardPoint(
    DateTimeOffset Start,
    double? SessionKeys,
    double? ActiveUsers,
    double? ExpectedLow,
    double? ExpectedHigh,
    DriftState State,
    int Windows)
{
    /// <summary>This bucket with another window's (or bucket's) figures folded in: means weighted by windows.</summary>
    public CardPoint Merge(CardPoint other) => new(
        Start <= other.Start ? Start : other.Start,
        Mean(SessionKeys, Windows, other.SessionKeys, other.Windows),
        Mean(ActiveUsers, Windows, other.ActiveUsers, other.Windows),
        Mean(ExpectedLow, Windows, other.ExpectedLow, other.Windows),
        Mean(ExpectedHigh, Windows, other.ExpectedHigh, other.Windows),
        Severity(other.State) > Severity(State) ? other.State : State,
        Windows + other.Windows);

    /// <summary>Which state a merged bucket shows: an alert outranks everything, stale outranks calm.</summary>
    internal static int Severity(DriftState state) => state switch
    {
        DriftState.Alerting => 3,
        DriftState.Material => 2,
        DriftState.Stale => 1,
        _ => 0,
    };

    // An unknown figure (stale window) does not drag a bucket's mean to zero: it simply does not count.
    private static double? Mean(double? a, int na, double? b, int nb) => (a, b) switch
    {
        ({ } x, { } y) => ((x * na) + (y * nb)) / (na + nb),
        ({ } x, null) => x,
        (null, { } y) => y,
        _ => null,
    };
}
