using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using StreamDrift.Core.Counting;
using StreamDrift.Core.Signals;

namespace StreamDrift.Redis;

/// <summary>
/// Samples INFO on every primary each <see cref="StoreWatcherOptions.InfoInterval"/>, sums the figures so a
/// cluster reads as one store, derives rates from the previous sample, and turns a keyspace that shrank below
/// the count (FLUSHDB, FLUSHALL, SWAPDB publish no per-key events) into a gap. With each sample it also checks
/// what the events cannot tell: the notification flags (another client may switch them off), the calls of
/// SWAPDB/FLUSHDB/FLUSHALL (INFO commandstats), and renames onto the prefix (on Redis 7.0 a RENAME onto an
/// existing key publishes exactly what a RENAME onto a free name does, so only a scan can tell).
/// </summary>
internal sealed class InfoSampler(
    StoreNodes nodes, SessionKeyCounter counter, KeyspaceGaps gaps, ReconcileRequests requests, Reachability reachability,
    StoreWatcherOptions options, TimeProvider time, ILogger logger, Action letTheScanWin, Func<long> sessionKeys)
{
    private readonly Dictionary<string, long> _silentCalls = [];
    private volatile RedisHealth? _last;
    private volatile DbBound? _bound;
    private long _renamesSeen;

    public RedisHealth? Last => _last;

    /// <summary>
    /// The store's session keys (<paramref name="counted"/> live plus <paramref name="scanned"/> on primaries counted
    /// by SCAN only) capped at what the DB can hold now: its total at the last INFO plus the session keys that
    /// arrived since (events that raised the count, and what the scan-only primaries' scans added). A count above
    /// that is known wrong (events lost; the reconcile is already asked for). The cap is not INFO's total alone:
    /// on a DB of sessions only that grows, every snapshot would read the count as of the last INFO, a second or
    /// more behind the users it is joined with.
    /// </summary>
    public long AtMostInDb(long counted, long scanned)
    {
        if (_bound is not { } b)
        {
            return counted + scanned;
        }

        var arrived = (counter.Arrivals - b.ArrivalsBefore) + Math.Max(0, scanned - b.ScannedBefore);
        return Math.Min(counted + scanned, b.DbKeys + arrived);
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                // Read before INFO is sent: keys created meanwhile are in INFO but may not be counted yet, never the
                // other way round, so a write burst cannot make the count look above the DB's total.
                var countedBefore = counter.Value;
                var arrivalsBefore = counter.Arrivals;
                var sessionsBefore = sessionKeys();
                var health = await SampleAsync().ConfigureAwait(false);
                // INFO was taken between the two reads: their midpoint pairs the DB's size with its sessions of
                // one instant, however fast sessions come and go while INFO is on the wire.
                health = health with { SessionKeys = (sessionsBefore + sessionKeys()) / 2 };
                _last = health;
                // Arrivals read before INFO was sent: those since are at least the keys added after INFO's total.
                _bound = new DbBound(health.DbKeys, arrivalsBefore, sessionsBefore - countedBefore);
                reachability.Answered();
                CheckForFlush(health, countedBefore);
                await CheckUnseenChangesAsync(cancellationToken).ConfigureAwait(false);
                CheckRenames();
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
        total = total with { ReadOnlyErrorsTotal = total.ReadOnlyErrorsTotal + await ReplicasReadOnlyErrorsAsync().ConfigureAwait(false) };
        return InfoParser.WithRates(total, previous);
    }

    /// <summary>
    /// READONLY refusals on the replicas: a demoted primary an application still writes to refuses every session
    /// write there (SESSION_WRITES_FAILING evidence). A replica that does not answer counts none.
    /// </summary>
    private async Task<long> ReplicasReadOnlyErrorsAsync()
    {
        long total = 0;
        foreach (var node in nodes.Connected())
        {
            if (node.Role != "replica")
            {
                continue;
            }
            try
            {
                total += InfoParser.ReadOnlyErrors(await node.Server.InfoRawAsync("errorstats").ConfigureAwait(false) ?? "");
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                WatcherLog.RedisFailed(logger, "INFO errorstats", e);
            }
        }
        return total;
    }

    private static RedisHealth Sum(RedisHealth a, RedisHealth b) => a with
    {
        ReadOnlyErrorsTotal = a.ReadOnlyErrorsTotal + b.ReadOnlyErrorsTotal,
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
    private void CheckForFlush(RedisHealth health, long counted)
    {
        if (!options.ReconcileEnabled || health.DbKeys >= counted)
        {
            return;
        }
        if (health.DbKeys < counted - (counted / 100))
        {
            gaps.Record($"INFO keyspace shows {health.DbKeys} keys in the DB, below the {counted} counted");
        }
        else
        {
            // Within the slack it may be events still on the wire, but a count above the DB's total cannot be
            // true: scan again (requests coalesce, and the snapshot never reports more than the DB holds).
            requests.Request($"count {counted} above the {health.DbKeys} keys INFO shows");
        }
    }

    // Flags switched off and SWAPDB/FLUSH* leave no per-key events behind: each one seen is a gap.
    private async Task CheckUnseenChangesAsync(CancellationToken cancellationToken)
    {
        foreach (var node in nodes.Primaries())
        {
            // A primary counted by SCAN only refused the flags at start: re-checking would log the refusal every interval.
            if (!options.ScanOnly && !node.ScanOnly)
            {
                await CheckFlagsAsync(node, cancellationToken).ConfigureAwait(false);
            }
            var calls = await node.SilentKeyspaceChangesAsync().ConfigureAwait(false);
            if (_silentCalls.TryGetValue(node.Name, out var before) && calls > before && options.ReconcileEnabled)
            {
                gaps.Record($"SWAPDB, FLUSHDB or FLUSHALL ran on {node.Name} ({calls - before} calls)");
            }
            _silentCalls[node.Name] = calls;
        }
    }

    private async Task CheckFlagsAsync(RedisNode node, CancellationToken cancellationToken)
    {
        try
        {
            var restored = await node.RestoreNotificationsAsync(cancellationToken).ConfigureAwait(false);
            if (restored.Length != 0)
            {
                WatcherLog.FlagsAdded(logger, node.Name, restored);
                // Every event of the blind spell is lost, not merely racing the scan: the uncertainty bound of the
                // next reconcile says nothing about them, so the scan wins until one runs without concurrent events.
                letTheScanWin();
                gaps.Record($"notify-keyspace-events on {node.Name} lacked '{restored}' (changed by another client); restored");
            }
        }
        catch (RedisSetupException e)
        {
            // Not ours to restore (ConfigureNotifications is off): the count runs blind until the operator acts.
            WatcherLog.SetupFailed(logger, e.Message);
            gaps.Record($"notify-keyspace-events on {node.Name} lacks flags StreamDrift needs and may not set");
        }
    }

    private void CheckRenames()
    {
        var renames = counter.EventsOf(KeyEventKind.RenameTo);
        if (renames != _renamesSeen && options.ReconcileEnabled)
        {
            requests.Request("keys renamed onto the prefix (a RENAME may have overwritten a session key)");
        }
        _renamesSeen = renames;
    }

    /// <summary>The DB's total at one INFO, and the count-raising events and scan-only keys before it was sent.</summary>
    private sealed record DbBound(long DbKeys, long ArrivalsBefore, long ScannedBefore);
}
