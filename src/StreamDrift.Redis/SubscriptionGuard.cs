using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace StreamDrift.Redis;

/// <summary>
/// Proves the keyspace subscription instead of assuming it: every <see cref="StoreWatcherOptions.SubscriptionCheckInterval"/>,
/// and at once after the subscriber connection comes back, each primary must list our pattern subscriptions
/// (<see cref="KeyspaceSubscriptions.VerifyAsync"/>). When one does not (a dropped subscriber the library did not
/// resubscribe, an operator's CLIENT KILL), the events since are lost: a gap is counted and the subscriptions
/// are made anew. <see cref="Verified"/> is what health reports as "subscribed".
/// </summary>
internal sealed class SubscriptionGuard(
    StoreNodes nodes, KeyspaceSubscriptions subscriptions, KeyspaceGaps gaps, string clientName, StoreWatcherOptions options,
    TimeProvider time, ILogger logger)
{
    private readonly SemaphoreSlim _wake = new(0, 1);
    private volatile bool _verified = true;
    private long _renewals;

    /// <summary>False from a lost subscriber connection until the servers list our subscriptions again.</summary>
    public bool Verified => _verified;

    /// <summary>Times the subscriptions had to be made anew.</summary>
    public long Renewals => Interlocked.Read(ref _renewals);

    /// <summary>The subscriber connection dropped: not subscribed until proven otherwise.</summary>
    public void Lost() => _verified = false;

    /// <summary>Checks now rather than at the next interval (after the subscriber connection is restored).</summary>
    public void CheckSoon()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // A check is already pending.
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (subscriptions.Expected == 0)
        {
            return;
        }
        while (!cancellationToken.IsCancellationRequested)
        {
            using (var timer = new CancellationTokenSource(options.SubscriptionCheckInterval, time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token))
            {
                try
                {
                    await _wake.WaitAsync(linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // The interval passed: a routine check.
                }
            }
            try
            {
                await CheckAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is RedisException or TimeoutException or InvalidOperationException)
            {
                // Unreachable: the reachability tracking reports it; try again at the next check.
                _verified = false;
                WatcherLog.RedisFailed(logger, "subscription check", e);
            }
        }
    }

    /// <summary>One verification of every primary; renews the subscriptions when any lacks them.</summary>
    public async Task CheckAsync()
    {
        var missing = await FirstMissingAsync().ConfigureAwait(false);
        if (missing is null)
        {
            _verified = true;
            return;
        }
        _verified = false;
        gaps.Record($"keyspace subscription missing on {missing} (the server does not list it)");
        Interlocked.Increment(ref _renewals);
        await subscriptions.RenewAsync().ConfigureAwait(false);
        _verified = await FirstMissingAsync().ConfigureAwait(false) is null;
    }

    private async Task<string?> FirstMissingAsync()
    {
        foreach (var node in nodes.Primaries())
        {
            if (!await subscriptions.VerifyAsync(node.Server, clientName).ConfigureAwait(false))
            {
                return node.Name;
            }
        }
        return null;
    }
}
