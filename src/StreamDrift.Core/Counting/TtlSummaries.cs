using StreamDrift.Core.Layouts;
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

    /// <summary>
    /// Share of bot sessions in a sample: a session's lifetime as set at its last write is its remaining TTL plus
    /// the time since that write (OBJECT IDLETIME: the session store's last command on the key is its EXPIRE), which,
    /// unlike the remaining TTL alone, does not mistake a shopper's session near its end for a bot's.
    /// </summary>
    /// <param name="ttlMilliseconds">PTTL replies of the sampled sessions (gone ones left out; -1: no TTL, not a bot).</param>
    /// <param name="idleSeconds">OBJECT IDLETIME of the same sessions, in the same order; negative when not read.</param>
    /// <param name="bots">The layout's bot lifetimes.</param>
    /// <returns>The share in [0, 1]; null when no idle time could be read.</returns>
    public static double? BotShare(ReadOnlySpan<long> ttlMilliseconds, ReadOnlySpan<long> idleSeconds, BotLifetimes bots)
    {
        ArgumentNullException.ThrowIfNull(bots);
        if (idleSeconds.Length != ttlMilliseconds.Length)
        {
            throw new ArgumentException("one idle time per TTL", nameof(idleSeconds));
        }
        int read = 0, botSessions = 0;
        for (var i = 0; i < ttlMilliseconds.Length; i++)
        {
            if (idleSeconds[i] < 0)
            {
                continue;
            }
            read++;
            if (ttlMilliseconds[i] >= 0 && bots.IsBot((ttlMilliseconds[i] / 1000.0) + idleSeconds[i]))
            {
                botSessions++;
            }
        }
        return read == 0 ? null : (double)botSessions / read;
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
