using Microsoft.Extensions.Logging;

namespace StreamDrift.Redis;

/// <summary>
/// Follows the store's topology (see <see cref="StoreNodes.RefreshAsync"/>) every INFO interval. A change of
/// primaries (a Sentinel switch, a cluster failover, a primary added or removed) is a gap: the flags are merged
/// on every node (the new primary first of all), the keyspace subscriptions are made anew so that they reach the
/// primaries as they are now, and a reconcile is requested at once, one that lets the scan win (see <see cref="ReconcileLoop.Rebase"/>).
/// </summary>
internal sealed class TopologyFollower(
    StoreNodes nodes, KeyspaceSubscriptions subscriptions, KeyspaceGaps gaps, ReconcileLoop reconcile, StoreWatcherOptions options, TimeProvider time, ILogger logger)
{
    private long _changes;
    private volatile TopologyChange? _last;

    /// <summary>Changes of primaries seen since start.</summary>
    public long Changes => Interlocked.Read(ref _changes);

    public TopologyChange? Last => _last;

    /// <summary>Takes the first look, so that the topology the watcher starts on is not reported as a change.</summary>
    public Task StartAsync(CancellationToken cancellationToken) => nodes.RefreshAsync(cancellationToken);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(options.InfoInterval, time, cancellationToken).ConfigureAwait(false);
            try
            {
                if (await nodes.RefreshAsync(cancellationToken).ConfigureAwait(false) is { } change)
                {
                    await FollowAsync(change, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A node down mid-failover, a timeout: the next look tries again.
                WatcherLog.RedisFailed(logger, "topology check", e);
            }
        }
    }

    private async Task FollowAsync(TopologyChange change, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _changes);
        _last = change;
        WatcherLog.TopologyChanged(logger, change.ToString());
        try
        {
            if (!options.ScanOnly)
            {
                if (await NodeNotifications.EnsureAsync(nodes.Connected(), cancellationToken).ConfigureAwait(false) is { } refused)
                {
                    WatcherLog.SetupFailed(logger, refused.Message);
                }
                await subscriptions.RenewAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            // The switch is a gap even when the new primary cannot be subscribed yet (the subscription guard
            // renews it once the primary answers): the reconcile it requests must not be lost with it.
            reconcile.Rebase();
            gaps.Record(change.ToString());
        }
    }
}
