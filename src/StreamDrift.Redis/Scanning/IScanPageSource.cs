using StackExchange.Redis;

namespace StreamDrift.Redis.Scanning;

/// <summary>
/// Where <see cref="ServerKeyCounter"/> takes one server's SCAN pages from: the library's connection
/// (<see cref="ServerPageScanner"/>) or, for a plain count of one standalone primary, sockets of its own
/// (<see cref="Direct.DirectPageSource"/>). The shares' logic and their edge settling stay in one place.
/// </summary>
public interface IScanPageSource
{
    /// <summary>How pages are taken; <see cref="ScanMode.Undecided"/> until the first page.</summary>
    ScanMode Mode { get; }

    /// <summary>Why plain SCAN is used, or null in script mode.</summary>
    string? FallbackReason { get; }

    /// <summary>
    /// One page, <c>SCAN cursor MATCH pattern COUNT count</c>, counted. With <paramref name="sampleStride"/> &gt; 0 every
    /// stride-th match from <paramref name="sampleOffset"/> comes back as a key name, when <paramref name="sampleIf"/>
    /// (null: always) says so of the page's next cursor. Several pages may be asked for at once (one per share).
    /// </summary>
    Task<ScanPage> NextPageAsync(
        RedisValue cursor, string matchPattern, int count, int sampleStride, int sampleOffset, Func<RedisValue, bool>? sampleIf, CancellationToken cancellationToken = default);
}
