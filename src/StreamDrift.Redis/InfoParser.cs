using System.Globalization;
using StreamDrift.Core.Signals;

namespace StreamDrift.Redis;

/// <summary>
/// Turns the text of <c>INFO</c> into <see cref="RedisHealth"/>. Counters become per-second rates against
/// the previous sample (<see cref="WithRates"/>); a counter that went down (server restart, CONFIG RESETSTAT) yields a zero rate
/// rather than a negative one.
/// </summary>
internal static class InfoParser
{
    public static RedisHealth Parse(string info, int database, DateTimeOffset sampledAt)
    {
        ArgumentNullException.ThrowIfNull(info);
        var dbField = "db" + database.ToString(CultureInfo.InvariantCulture);
        long evicted = 0, expired = 0, rejected = 0, readOnly = 0, usedMemory = 0, maxMemory = 0, clients = 0, maxClients = 0, ops = 0, keys = 0, expires = 0;
        var policy = "noeviction";
        var role = "master";
        foreach (var rawLine in info.AsSpan().EnumerateLines())
        {
            var line = rawLine.Trim();
            var colon = line.IndexOf(':');
            if (line.IsEmpty || line[0] == '#' || colon <= 0)
            {
                continue;
            }
            var name = line[..colon];
            var value = line[(colon + 1)..];
            switch (name)
            {
                case "evicted_keys": evicted = Long(value); break;
                case "expired_keys": expired = Long(value); break;
                case "rejected_connections": rejected = Long(value); break;
                case "errorstat_READONLY": readOnly = ErrorCount(value); break;
                case "used_memory": usedMemory = Long(value); break;
                case "maxmemory": maxMemory = Long(value); break;
                case "maxmemory_policy": policy = value.ToString(); break;
                case "connected_clients": clients = Long(value); break;
                case "maxclients": maxClients = Long(value); break;
                case "instantaneous_ops_per_sec": ops = Long(value); break;
                case "role": role = value.ToString(); break;
                default:
                    if (name.SequenceEqual(dbField))
                    {
                        (keys, expires) = Keyspace(value);
                    }
                    break;
            }
        }

        return new RedisHealth
        {
            SampledAt = sampledAt,
            EvictedKeysTotal = evicted,
            ExpiredKeysTotal = expired,
            RejectedConnectionsTotal = rejected,
            ReadOnlyErrorsTotal = readOnly,
            UsedMemoryBytes = usedMemory,
            MaxMemoryBytes = maxMemory,
            MaxMemoryPolicy = policy,
            ConnectedClients = clients,
            MaxClients = maxClients,
            InstantaneousOpsPerSecond = ops,
            Role = role,
            DbKeys = keys,
            DbExpires = expires,
        };
    }

    /// <summary>The sample with its counters turned into per-second rates against the previous one.</summary>
    public static RedisHealth WithRates(RedisHealth now, RedisHealth? previous)
    {
        ArgumentNullException.ThrowIfNull(now);
        var seconds = previous is null ? 0 : (now.SampledAt - previous.SampledAt).TotalSeconds;
        return now with
        {
            EvictedKeysPerSecond = Rate(now.EvictedKeysTotal, previous?.EvictedKeysTotal, seconds),
            ExpiredKeysPerSecond = Rate(now.ExpiredKeysTotal, previous?.ExpiredKeysTotal, seconds),
            RejectedConnectionsPerSecond = Rate(now.RejectedConnectionsTotal, previous?.RejectedConnectionsTotal, seconds),
            ReadOnlyErrorsPerSecond = Rate(now.ReadOnlyErrorsTotal, previous?.ReadOnlyErrorsTotal, seconds),
        };
    }

    private static double Rate(long now, long? before, double seconds) =>
        before is null || seconds <= 0 || now < before ? 0 : (now - before.Value) / seconds;

    /// <summary>The READONLY errors in INFO errorstats of one node (its errorstats section alone is enough).</summary>
    public static long ReadOnlyErrors(string info)
    {
        foreach (var line in info.AsSpan().EnumerateLines())
        {
            var colon = line.IndexOf(':');
            if (colon > 0 && line[..colon].SequenceEqual("errorstat_READONLY"))
            {
                return ErrorCount(line[(colon + 1)..].TrimEnd());
            }
        }
        return 0;
    }

    // "count=12"
    private static long ErrorCount(ReadOnlySpan<char> value) =>
        value.StartsWith("count=", StringComparison.Ordinal) ? Long(value[6..]) : 0;

    private static long Long(ReadOnlySpan<char> value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0;

    // "keys=12,expires=3,avg_ttl=0"; an absent dbN line means an empty DB (both zero).
    private static (long Keys, long Expires) Keyspace(ReadOnlySpan<char> value)
    {
        long keys = 0, expires = 0;
        foreach (var range in value.Split(','))
        {
            var part = value[range];
            var eq = part.IndexOf('=');
            if (eq <= 0)
            {
                continue;
            }
            if (part[..eq].SequenceEqual("keys"))
            {
                keys = Long(part[(eq + 1)..]);
            }
            else if (part[..eq].SequenceEqual("expires"))
            {
                expires = Long(part[(eq + 1)..]);
            }
        }
        return (keys, expires);
    }

    /// <summary>
    /// Sum of <c>calls=</c> of SWAPDB, FLUSHDB and FLUSHALL in an INFO commandstats reply
    /// (<c>cmdstat_swapdb:calls=2,usec=...</c>): the commands that move keys without per-key events.
    /// </summary>
    public static long SilentKeyspaceCommandCalls(string commandStats)
    {
        long calls = 0;
        foreach (var raw in commandStats.AsSpan().EnumerateLines())
        {
            var line = raw.Trim();
            if (line.StartsWith("cmdstat_swapdb:", StringComparison.Ordinal)
                || line.StartsWith("cmdstat_flushdb:", StringComparison.Ordinal)
                || line.StartsWith("cmdstat_flushall:", StringComparison.Ordinal))
            {
                var fields = line[(line.IndexOf(':') + 1)..];
                var comma = fields.IndexOf(',');
                var first = comma < 0 ? fields : fields[..comma];
                if (first.StartsWith("calls=", StringComparison.Ordinal))
                {
                    calls += Long(first[6..]);
                }
            }
        }
        return calls;
    }
}
