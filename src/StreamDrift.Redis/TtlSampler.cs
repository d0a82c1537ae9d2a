using System.Runtime.InteropServices;
using StackExchange.Redis;
using StreamDrift.Core.Counting;
using StreamDrift.Core.Layouts;
using StreamDrift.Core.Signals;

namespace StreamDrift.Redis;

/// <summary>
/// PTTL of the keys a reconcile's scan drew at random, summarized (share without TTL, quantiles). One pipelined
/// batch; the library routes each key to its node. Where the layout keeps a session's exact expiry in a marker
/// key (Spring), the marker's PTTL is read too and wins; where it gives bots their own lifetimes (Magento), the
/// sessions' idle times are read in the same batch for a bot-share estimate. Neither read touches a key's LRU
/// clock (PTTL and OBJECT look keys up without touching), so sampling never protects a session from eviction.
/// Behind Sentinel the batch goes on the primary's own connection, so it never waits on a primary the library
/// has not seen fall.
/// </summary>
internal sealed class TtlSampler(Func<IConnectionMultiplexer> connection, StoreWatcherOptions options, IReadOnlyList<string> prefixes, TimeProvider time)
{
    // PTTL's reply for a key deleted since the scan saw it.
    private const long Gone = -2;

    private volatile TtlSummary? _last;

    /// <summary>The last summary; null before the first sample or when the last scan found no key.</summary>
    public TtlSummary? Last => _last;

    public async Task SampleAsync(RedisKey[] keys, CancellationToken cancellationToken)
    {
        _last = await SummarizeAsync(keys, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TtlSummary?> SummarizeAsync(RedisKey[] keys, CancellationToken cancellationToken)
    {
        if (keys.Length == 0)
        {
            return null;
        }
        var marker = options.ExpiryMarker;
        var bots = options.BotLifetimes;
        var batch = connection().GetDatabase(options.Database).CreateBatch();
        var replies = new Task<RedisResult>[keys.Length];
        var markers = marker is null ? null : new Task<RedisResult>[keys.Length];
        var idles = bots is null ? null : new Task<RedisResult>[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            replies[i] = batch.ExecuteAsync("PTTL", keys[i]);
            if (markers is not null && MarkerOf(marker!, keys[i]) is { } markerKey)
            {
                markers[i] = batch.ExecuteAsync("PTTL", markerKey);
            }
            if (idles is not null)
            {
                idles[i] = batch.ExecuteAsync("OBJECT", "IDLETIME", keys[i]);
            }
        }
        batch.Execute();
        var ttls = new List<long>(keys.Length);
        var idleSeconds = new List<long>(idles is null ? 0 : keys.Length);
        for (var i = 0; i < keys.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var ttl = (long)await replies[i].ConfigureAwait(false);
            if (markers?[i] is { } markerReply)
            {
                ttl = marker!.RemainingMilliseconds((long)await markerReply.ConfigureAwait(false), ttl);
            }
            var idle = idles is null ? -1 : await IdleSecondsAsync(idles[i]).ConfigureAwait(false);
            if (ttl == Gone)
            {
                continue;
            }
            ttls.Add(ttl);
            if (idles is not null)
            {
                idleSeconds.Add(idle);
            }
        }
        var summary = TtlSummaries.From(time.GetUtcNow(), CollectionsMarshal.AsSpan(ttls));
        return bots is null ? summary : summary with
        {
            BotShare = TtlSummaries.BotShare(CollectionsMarshal.AsSpan(ttls), CollectionsMarshal.AsSpan(idleSeconds), bots),
        };
    }

    private RedisKey? MarkerOf(ExpiryMarker marker, RedisKey key)
    {
        var text = (string?)key;
        if (text is null)
        {
            return null;
        }
        foreach (var prefix in prefixes)
        {
            if (text.StartsWith(prefix, StringComparison.Ordinal))
            {
                return marker.MarkerOf(prefix, text);
            }
        }
        return null;
    }

    // OBJECT IDLETIME is refused under an LFU maxmemory policy (no idle clock) and nil for a key gone meanwhile:
    // the key then gives no lifetime, and the estimate rests on the others (null when none).
    private static async Task<long> IdleSecondsAsync(Task<RedisResult> reply)
    {
        try
        {
            var result = await reply.ConfigureAwait(false);
            return result.IsNull ? -1 : (long)result;
        }
        catch (RedisServerException)
        {
            return -1;
        }
    }
}
