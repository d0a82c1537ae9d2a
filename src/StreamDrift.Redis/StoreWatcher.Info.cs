using StackExchange.Redis;
using StreamDrift.Core.Signals;

namespace StreamDrift.Redis;

public sealed partial class StoreWatcher
{
    private async Task InfoLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var health = await SampleInfoAsync().ConfigureAwait(false);
                _health = health;
                _reachable = true;
                CheckForFlush(health);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _reachable = e is not RedisException && _reachable;
                LogRedisFailed("INFO", e);
            }
            await Task.Delay(_options.InfoInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    // One INFO per primary; the figures are summed (keys, memory, clients) so a cluster reads as one store.
    private async Task<RedisHealth> SampleInfoAsync()
    {
        RedisHealth? total = null;
        var now = _time.GetUtcNow();
        var previous = _health;
        foreach (var server in Primaries())
        {
            var info = await server.InfoRawAsync().ConfigureAwait(false) ?? "";
            var one = InfoParser.Parse(info, _options.Database, now);
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
    /// FLUSHDB, FLUSHALL and SWAPDB publish no per-key events. They show as a DB holding fewer keys than the
    /// counter says are under the prefixes alone, which cannot be true: rescan at once. The 1% slack absorbs
    /// deletions INFO already reflects while their events are still on the wire.
    /// </summary>
    private void CheckForFlush(RedisHealth health)
    {
        var counted = _counter.Value;
        if (_options.ReconcileEnabled && health.DbKeys < counted - (counted / 100))
        {
            RecordGap($"INFO keyspace shows {health.DbKeys} keys in the DB, below the {counted} counted");
        }
    }
}
