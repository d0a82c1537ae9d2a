using System.Runtime.InteropServices;
using StackExchange.Redis;
using StreamDrift.Core.Counting;
using StreamDrift.Core.Signals;

namespace StreamDrift.Redis;

/// <summary>
/// PTTL of the keys a reconcile's scan drew at random, summarized (share without TTL, quantiles). One pipelined
/// batch; the library routes each key to its node (behind Sentinel: the primary's own connection, so the batch
/// never waits on a primary the library has not seen fall).
/// </summary>
internal sealed class TtlSampler(Func<IConnectionMultiplexer> connection, int database, TimeProvider time)
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
        var batch = connection().GetDatabase(database).CreateBatch();
        var replies = new Task<RedisResult>[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            replies[i] = batch.ExecuteAsync("PTTL", keys[i]);
        }
        batch.Execute();
        var ttls = new List<long>(keys.Length);
        foreach (var reply in replies)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var ttl = (long)await reply.ConfigureAwait(false);
            if (ttl != Gone)
            {
                ttls.Add(ttl);
            }
        }
        return TtlSummaries.From(time.GetUtcNow(), CollectionsMarshal.AsSpan(ttls));
    }
}
