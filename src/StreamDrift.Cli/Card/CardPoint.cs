using StreamDrift.Core.Detection;

namespace StreamDrift.Cli.Card;

/// <summary>
/// One point of a store's 24 h chart: the means of the windows that fell in one bucket, the expected band
/// of session keys the detector judged them against, and the worst state any of them had.
/// </summary>
/// <remarks>
/// Held compact (32 bytes: ticks, four floats with NaN for "unknown", a byte of state) because every store
/// keeps up to <see cref="CardHistory.MaxPoints"/> of them: with nullable doubles and an offset it was 96 bytes,
/// 69 KB a store, more than everything else a store holds together. A float is exact to 16 million keys
/// and carries a chart's precision beyond.
/// </remarks>
internal readonly record struct CardPoint
{
    private readonly long _startTicks;
    private readonly float _sessionKeys;
    private readonly float _activeUsers;
    private readonly float _expectedLow;
    private readonly float _expectedHigh;
    private readonly byte _state;

    public CardPoint(DateTimeOffset start, double? sessionKeys, double? activeUsers, double? expectedLow, double? expectedHigh, DriftState state, int windows)
    {
        _startTicks = start.UtcTicks;
        _sessionKeys = Compact(sessionKeys);
        _activeUsers = Compact(activeUsers);
        _expectedLow = Compact(expectedLow);
        _expectedHigh = Compact(expectedHigh);
        _state = (byte)state;
        Windows = windows;
    }

    public DateTimeOffset Start
    {
        get => new(_startTicks, TimeSpan.Zero);
        init => _startTicks = value.UtcTicks;
    }

    public double? SessionKeys => Known(_sessionKeys);

    public double? ActiveUsers => Known(_activeUsers);

    public double? ExpectedLow => Known(_expectedLow);

    public double? ExpectedHigh => Known(_expectedHigh);

    public DriftState State => (DriftState)_state;

    public int Windows { get; }

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

    private static float Compact(double? value) => value is { } v ? (float)v : float.NaN;

    private static double? Known(float value) => float.IsNaN(value) ? null : value;

    // An unknown figure (stale window) does not drag a bucket's mean to zero: it simply does not count.
    private static double? Mean(double? a, int na, double? b, int nb) => (a, b) switch
    {
        ({ } x, { } y) => ((x * na) + (y * nb)) / (na + nb),
        ({ } x, null) => x,
        (null, { } y) => y,
        _ => null,
    };
}
