namespace StreamDrift.Core.Signals;

/// <summary>
/// TTLs of a bounded random subset of session keys, sampled during a reconcile scan.
/// </summary>
/// <param name="SampledAt">When the scan that took the sample finished.</param>
/// <param name="Sampled">Keys whose TTL was read.</param>
/// <param name="WithoutTtl">Keys with no TTL (TTL -1): orphan candidates.</param>
/// <param name="P10Seconds">10th percentile of the remaining TTL of keys that have one.</param>
/// <param name="P50Seconds">Median remaining TTL.</param>
/// <param name="P90Seconds">90th percentile.</param>
/// <param name="MaxSeconds">Largest remaining TTL seen.</param>
public sealed record TtlSummary(
    DateTimeOffset SampledAt,
    int Sampled,
    int WithoutTtl,
    double P10Seconds,
    double P50Seconds,
    double P90Seconds,
    double MaxSeconds)
{
    /// <summary>
    /// Share of the sampled sessions whose lifetime (remaining TTL plus time since their last write) is one a bot
    /// gets, for layouts that give bots their own lifetimes (magento); null for other layouts, or when the server
    /// does not track idle time (an LFU maxmemory policy).
    /// </summary>
    public double? BotShare { get; init; }

    /// <summary>Share of sampled keys without a TTL, in [0, 1].</summary>
    public double ShareWithoutTtl => Sampled == 0 ? 0 : (double)WithoutTtl / Sampled;
}
