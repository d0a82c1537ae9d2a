using StreamDrift.Core.Signals;

namespace StreamDrift.TrafficSim;

/// <summary>What the Redis side of StreamDrift would publish about the simulated keyspace.</summary>
internal sealed partial class SimKeyspace
{
    private const int TtlSampleSize = 200;

    public SessionEventCounts Events => new(
        New: (long)New, Set: (long)Set, HSet: 0, Del: 0, Expired: (long)Expired, Evicted: (long)Evicted,
        Expire: (long)Expire, Persist: 0, RenamedIn: 0, RenamedOut: 0, Other: 0);

    public RedisHealth Health(DateTimeOffset at, double realShoppers)
    {
        var evicting = Active(SimFault.Evicted);
        var cacheEvictions = evicting ? 200 : _p.CacheEvictsAllDay ? 20 : 0;
        var refusing = Active(SimFault.WritesRefused);
        // The watcher follows the promoted primary (its INFO says master); the demoted one, where the application still
        // writes, counts a READONLY error per session write (its errorstats are sampled on every replica).
        var readOnlyErrors = Active(SimFault.FailoverToReplica) ? realShoppers * _p.KeysPerShopper / _p.RequestGapSeconds : 0;
        return new RedisHealth
        {
            SampledAt = at,
            EvictedKeysPerSecond = (EvictedThisStep / _dt) + cacheEvictions,
            UsedMemoryBytes = evicting || _p.CacheEvictsAllDay ? 995 : 700,
            MaxMemoryBytes = 1000,
            MaxMemoryPolicy = _p.MaxMemoryPolicy,
            ConnectedClients = refusing ? 10_000 : 200,
            MaxClients = 10_000,
            RejectedConnectionsPerSecond = refusing ? 5 : 0,
            InstantaneousOpsPerSecond = (long)((3 * realShoppers * WriteShare / _p.RequestGapSeconds) + 500),
            Role = "master",
            ReadOnlyErrorsPerSecond = readOnlyErrors,
            DbKeys = (long)(Counter + _p.CacheKeys + OtherPrefixKeys),
            DbExpires = (long)(Counter - Orphans + _p.CacheKeys),
        };
    }

    /// <summary>The TTLs a reconcile scan would sample: present keys near a full TTL, departed ones spread to expiry, orphans without.</summary>
    public TtlSummary Ttl(DateTimeOffset at)
    {
        var entries = new List<(double Seconds, double Weight)>(_expiring.Length + 1);
        var orphanShare = Active(SimFault.Orphans) ? Fault!.OrphanShare : 0;
        var presentTtl = (TtlSteps * _dt) - (_p.RequestGapSeconds / 2);
        entries.Add((Math.Max(1, presentTtl), _presentKeys * (1 - orphanShare)));
        for (var k = 1; k < _expiring.Length; k++)
        {
            var keys = _expiring[(_step + k) % _expiring.Length];
            if (keys > 0)
            {
                entries.Add((k * _dt, keys));
            }
        }

        var withTtl = entries.Sum(e => e.Weight);
        var without = Orphans + (_presentKeys * orphanShare);
        var sampled = (int)Math.Min(TtlSampleSize, withTtl + without);
        if (sampled == 0)
        {
            return new TtlSummary(at, 0, 0, 0, 0, 0, 0);
        }

        entries.Sort((a, b) => a.Seconds.CompareTo(b.Seconds));
        return new TtlSummary(at, sampled, (int)Math.Round(sampled * without / (withTtl + without)),
            Quantile(entries, withTtl, 0.1), Quantile(entries, withTtl, 0.5), Quantile(entries, withTtl, 0.9), entries[^1].Seconds);
    }

    private static double Quantile(List<(double Seconds, double Weight)> sorted, double total, double q)
    {
        var target = q * total;
        var seen = 0.0;
        foreach (var (seconds, weight) in sorted)
        {
            seen += weight;
            if (seen >= target)
            {
                return seconds;
            }
        }

        return sorted[^1].Seconds;
    }
}
