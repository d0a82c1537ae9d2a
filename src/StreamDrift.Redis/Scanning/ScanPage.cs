using StackExchange.Redis;

namespace StreamDrift.Redis.Scanning;

/// <summary>One SCAN page, counted.</summary>
/// <param name="Cursor">The cursor to continue from; 0 when the pass is complete.</param>
/// <param name="Matches">Keys of the page under the pattern.</param>
/// <param name="Elapsed">
/// The page's time on the server when <paramref name="ServerTimed"/> (measured by the script with TIME), else
/// the client's round trip, an upper bound of it.
/// </param>
/// <param name="ServerTimed">Whether <paramref name="Elapsed"/> is the server's own time.</param>
/// <param name="Sample">Every stride-th match of the page, when a sample was asked for; else empty.</param>
public readonly record struct ScanPage(RedisValue Cursor, long Matches, TimeSpan Elapsed, bool ServerTimed, RedisKey[] Sample)
{
    public bool IsLast => Cursor == 0;
}
