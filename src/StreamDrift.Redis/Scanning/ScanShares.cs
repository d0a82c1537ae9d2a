using StackExchange.Redis;

namespace StreamDrift.Redis.Scanning;

/// <summary>
/// How many <see cref="ScanShare"/>s a count may run side by side on one server. Only where the cursor is known to
/// be a plain dict cursor: a standalone Redis (or Valkey, KeyDB), never a cluster node (Redis 7.4+ and Valkey 8
/// keep a dict per slot and put the slot in the cursor) nor Dragonfly (its own cursor). And only on a DB large
/// enough for the shares to matter and for its table to have far more buckets than shares (a dict has at least
/// one bucket per five keys even while resizing is held back by a fork).
/// </summary>
public static class ScanShares
{
    /// <summary>Shares a large standalone DB's pass is cut into: enough to keep the next page queued while the client reads one.</summary>
    public const int Default = 4;

    /// <summary>Keys below which a DB is counted with one cursor: a few round trips are not worth the shares.</summary>
    public const long MinimumKeys = 65_536;

    /// <summary>
    /// <paramref name="wanted"/> shares, or 1 when the server's cursor cannot be shared or the DB is small; the
    /// reason is null when the wanted shares are used.
    /// </summary>
    public static async Task<(int Shares, string? Reason)> ForServerAsync(IServer server, int database, int wanted)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (wanted <= 1)
        {
            return (1, wanted == 1 ? null : "one cursor asked for");
        }
        if (server.ServerType != ServerType.Standalone)
        {
            return (1, $"{server.ServerType.ToString().ToLowerInvariant()} node: its cursor may carry the slot");
        }
        long keys;
        try
        {
            keys = await server.DatabaseSizeAsync(database).ConfigureAwait(false);
            if (keys < MinimumKeys)
            {
                return (1, $"{keys} keys: below {MinimumKeys}");
            }
            var info = await server.InfoAsync("server").ConfigureAwait(false);
            if (info.SelectMany(section => section).Any(pair => pair.Key == "dragonfly_version"))
            {
                return (1, "Dragonfly: its cursor is its own");
            }
        }
        catch (RedisServerException e)
        {
            // An ACL without +dbsize or +info: one cursor needs neither.
            return (1, $"size unknown: {e.Message.ReplaceLineEndings(" ")}");
        }
        return (wanted, null);
    }
}
