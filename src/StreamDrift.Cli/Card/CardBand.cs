using StreamDrift.Core.Detection;

namespace StreamDrift.Cli.Card;

/// <summary>
/// The expected band of session keys drawn on the chart: the users plus the drift the learned baseline
/// expects, give or take the store's key and percent thresholds (the larger of the two). Inside it a
/// window cannot be material; outside it, it is material when the robust z-score agrees as well.
/// </summary>
internal sealed record CardBand(double MinAbsoluteKeys, double MinRatioChange)
{
    public static CardBand From(DetectorOptions options) => new(options.MinAbsoluteKeys, options.MinRatioChange);

    /// <summary>Low and high edge for a window, or nulls while the baseline is learning or the store is stale.</summary>
    public (double? Low, double? High) Around(double? activeUsers, double? expectedDrift)
    {
        if (activeUsers is not { } users || expectedDrift is not { } expected)
        {
            return (null, null);
        }
        var centre = users + expected;
        var half = Math.Max(MinAbsoluteKeys, MinRatioChange * Math.Max(users, 1));
        return (Math.Max(centre - half, 0), centre + half);
    }
}
