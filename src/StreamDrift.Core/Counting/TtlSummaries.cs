using StreamDrift.Core.Signals;

namespace StreamDrift.Core.Counting;

/// <summary>Builds a <see cref="TtlSummary"/> from the TTLs read for a sample of session keys.</summary>
public static class TtlSummaries
{
    /// <param name="sampledAt">When the sample was taken.</param>
    /// <param name="ttlMilliseconds">
    /// PTTL replies: a remaining TTL in ms, -1 for a key without TTL. Keys gone by the time they were read
    /// (-2) must be left out by the caller.
    /// </param>
    public static TtlSummary From(DateTimeOffset sampledAt, ReadOnlySpan<long> ttlMilliseconds)
    {
        var withTtl = new List<double>(ttlMilliseconds.Length);
        var withoutTtl = 0;
        foreach (var ttl in ttlMilliseconds)
        {
            if (ttl < 0)
            {
                withoutTtl++;
            }
            else
            {
                withTtl.Add(ttl / 1000.0);
            }
        }
        withTtl.Sort();
        return new TtlSummary(
            sampledAt,
            ttlMilliseconds.Length,
            withoutTtl,
            Quantile(withTtl, 0.10),
            Quantile(withTtl, 0.50),
            Quantile(withTtl, 0.90),
            withTtl.Count == 0 ? 0 : withTtl[^1]);
    }

    // Nearest-rank on the sorted list; 0 when no key had a TTL (the share without TTL then says why).
    private static double Quantile(List<double> sorted, double q)
    {
        if (sorted.Count == 0)
        {
            return 0;
        }
        var rank = (int)Math.Ceiling(q * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }
}
