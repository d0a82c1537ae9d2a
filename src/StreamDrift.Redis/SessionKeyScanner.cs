using System.Text;
using StackExchange.Redis;
using StreamDrift.Core.Layouts;

namespace StreamDrift.Redis;

/// <summary>
/// SCAN MATCH &lt;prefix&gt;* over one server and DB, page by page. Never KEYS: each page is a short, bounded
/// piece of work for the server, and an optional pause between pages leaves room for the application.
/// Counts without turning keys into strings; keys are handed out only when a caller asks (TTL sampling).
/// </summary>
public static class SessionKeyScanner
{
    /// <summary>
    /// Keys returned by SCAN for the prefix (only those <paramref name="rules"/> call sessions, when given): every key present for the whole scan once or more; keys created or
    /// deleted meanwhile may or may not be included, and a shrinking hash table may repeat a few keys.
    /// On a stable keyspace the result is exact.
    /// </summary>
    public static async Task<ScanTally> ScanAsync(
        IServer server,
        int database,
        string prefix,
        int pageSize,
        TimeSpan pauseBetweenPages,
        TimeProvider timeProvider,
        Action<RedisKey>? onKey = null,
        SessionKeyRules? rules = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        var args = new List<object> { "0", "MATCH", MatchPattern(prefix), "COUNT", pageSize };
        long keys = 0;
        long pages = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var reply = await server.ExecuteAsync(database, "SCAN", args, CommandFlags.None).ConfigureAwait(false);
            var parts = (RedisResult[])reply!;
            var page = (RedisResult[])parts[1]!;
            pages++;
            if (rules is { InspectsKeys: true })
            {
                // Keys under the prefix that are not sessions (lock keys, expiry markers) are neither counted nor sampled.
                foreach (var item in page)
                {
                    var key = (RedisKey)item;
                    if (rules.IsSession((byte[])key!))
                    {
                        keys++;
                        onKey?.Invoke(key);
                    }
                }
            }
            else
            {
                keys += page.Length;
                if (onKey is not null)
                {
                    foreach (var key in page)
                    {
                        onKey((RedisKey)key);
                    }
                }
            }
            var cursor = (RedisValue)parts[0];
            if (cursor == 0)
            {
                return new ScanTally(keys, pages);
            }
            args[0] = cursor;
            if (pauseBetweenPages > TimeSpan.Zero)
            {
                await Task.Delay(pauseBetweenPages, timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The glob for a literal prefix: MATCH treats * ? [ ] \ specially, so a prefix holding them is escaped.</summary>
    public static string MatchPattern(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var sb = new StringBuilder(prefix.Length + 2);
        foreach (var c in prefix)
        {
            if (c is '*' or '?' or '[' or ']' or '\\')
            {
                sb.Append('\\');
            }
            sb.Append(c);
        }
        return sb.Append('*').ToString();
    }
}
