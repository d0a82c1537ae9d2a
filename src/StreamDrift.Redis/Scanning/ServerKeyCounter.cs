using StackExchange.Redis;

namespace StreamDrift.Redis.Scanning;

/// <summary>
/// Counts the keys under some prefixes on ONE server endpoint, one full SCAN pass per prefix, back to back with no
/// pause: the unit a cluster count fans out over its primaries (or replicas), concurrently.
/// <para>
/// What the count guarantees: every key present for the whole pass is counted; on a keyspace nobody writes
/// during the count it is exact. Under writes, keys created or deleted during the pass may or may not be counted,
/// and a hash table that resizes mid-pass (growing under inserts, shrinking after mass deletes) may return a
/// key twice. Keys are not de-duplicated: that would take memory proportional to the keys.
/// </para>
/// </summary>
public static class ServerKeyCounter
{
    public static async Task<ServerCount> CountAsync(
        ServerPageScanner scanner, IReadOnlyList<string> prefixes, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scanner);
        ArgumentNullException.ThrowIfNull(prefixes);
        long keys = 0, pages = 0;
        var serverTime = TimeSpan.Zero;
        foreach (var prefix in prefixes)
        {
            var pattern = SessionKeyScanner.MatchPattern(prefix);
            RedisValue cursor = 0;
            do
            {
                var page = await scanner.NextPageAsync(cursor, pattern, pageSize, cancellationToken: cancellationToken).ConfigureAwait(false);
                keys += page.Matches;
                pages++;
                serverTime += page.Elapsed;
                cursor = page.Cursor;
            }
            while (cursor != 0);
        }
        return new ServerCount(keys, pages, serverTime, scanner.Mode, scanner.FallbackReason);
    }
}
