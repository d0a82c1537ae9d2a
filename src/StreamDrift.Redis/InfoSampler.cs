using Microsoft.Extensions.Logging;
using StreamDrift.Core.Counting;
using StreamDrift.Core.Signals;

namespace StreamDrift.Redis;

/// <summary>
/// Samples INFO on every primary each <see cref="StoreWatcherOptions.InfoInterval"/>, sums the figures so a
/// cluster reads as one store, derives rates from the previous sample, and turns a keyspace that shrank below
/// the count (FLUSHDB, FLUSHALL, SWAPDB publish no per-key events) into a gap.
/// </summary>
internal sealed class InfoSampler(
    StoreNodes nodes, SessionKeyCounter counter, KeyspaceGaps gaps, Reachability reachability, StoreWatcherOptions options,
    TimeProvider time, ILogger logger)
{
    private volatile RedisHealth? _last;

    public RedisHealth? Last => _last;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var health = await SampleAsync().ConfigureAwait(false);
                _last = health;
                reachability.Answered();
                CheckForFlush(health);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                reachability.Failed(e);
                WatcherLog.RedisFailed(logger, "INFO", e);
            }
            await Task.Delay(options.InfoInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<RedisHealth> SampleAsync()
    {
        RedisHealth? total = null;
        var now = time.GetUtcNow();
        var previous = _last;
        foreach (var node in nodes.Primaries())
        {
            var one = await node.SampleInfoAsync(now).ConfigureAwait(false);
            total = total is null ? one : Sum(total, one);
        }
        total ??= new RedisHealth { SampledAt = now };
        return InfoParser.WithRates(total, previous);
    }

    private static RedisHealth Sum(RedisHealth a, RedisHealth b) => a with
    {
        EvictedKeysTotal = a.EvictedKeysTotal + b.EvictedKeysTotal,
        ExpiredKeysTotal = a.ExpiredKeysTotal + b.ExpiredKeysTotal,
        RejectedConnectionsTotal = a.RejectedConnectionsTotal + b.RejectedConnectionsTotal,
        UsedMemoryBytes = a.UsedMemoryBytes + b.UsedMemoryBytes,
        MaxMemoryBytes = a.MaxMemoryBytes + b.MaxMemoryBytes,
        ConnectedClients = a.ConnectedClients + b.ConnectedClients,
        MaxClients = a.MaxClients + b.MaxClients,
        InstantaneousOpsPerSecond = a.InstantaneousOpsPerSecond + b.InstantaneousOpsPerSecond,
        DbKeys = a.DbKeys + b.DbKeys,
        DbExpires = a.DbExpires + b.DbExpires,
    };

    /// <summary>
    /// A DB holding fewer keys than the counter says are under the prefixes alone cannot be true: rescan at once.
    /// The 1% slack absorbs deletions INFO already reflects while their events are still on the wire.
    /// </summary>
    private void CheckForFlush(RedisHealth health)
    {
        var counted = counter.Value;
        if (options.ReconcileEnabled && health.DbKeys < counted - (counted / 100))
        {
            gaps.Record($"INFO keyspace shows {health.DbKeys} keys in the DB, below the {counted} counted");
        }
    }
}
