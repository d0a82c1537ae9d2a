using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace StreamDrift.Redis;

/// <summary>
/// Proves the keyspace subscription instead of assuming it: every <see cref="StoreWatcherOptions.SubscriptionCheckInterval"/>,
/// and at once after the subscriber connection comes back, each primary must list our pattern subscriptions
/// (<see cref="KeyspaceSubscriptions.VerifyAsync"/>). When one does not (a dropped subscriber the library did not
/// resubscribe, an operator's CLIENT KILL), the events since are lost: one gap is counted for the outage, and the
/// subscriptions are repaired by steps that escalate while the server still does not list them, because repeating
/// a repair that did not work does not work (the soak saw one repeated every 5 s for 30 minutes): first renewed
/// (<see cref="SubscriptionRepair.Renew"/>), then made afresh with the library's memory of the channel wiped
/// (<see cref="SubscriptionRepair.Afresh"/>), then our subscriber connection closed so the library opens a new one
/// (<see cref="SubscriptionRepair.Reconnect"/>), then afresh and reconnect in turn. Once verified again a reconcile
/// repairs the outage. <see cref="Verified"/> is what health reports as "subscribed".
/// </summary>
internal sealed class SubscriptionGuard(
    StoreNodes nodes, KeyspaceSubscriptions subscriptions, KeyspaceGaps gaps, string clientName, StoreWatcherOptions options,
    TimeProvider time, ILogger logger)
{
    private readonly SemaphoreSlim _wake = new(0, 1);
    private volatile bool _verified = true;
    private long _renewals;

    // Repair steps taken in the current outage (0: none, the subscriptions were verified at the last check).
    private int _steps;

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

    /// <summary>One verification of every primary; takes the outage's next repair step when any lacks them.</summary>
    public async Task CheckAsync()
    {
        var missing = await FirstMissingAsync().ConfigureAwait(false);
        if (missing is null)
        {
            Recovered();
            return;
        }
        _verified = false;
        var step = NextStep(_steps++);
        if (_steps == 1)
        {
            gaps.Record($"keyspace subscription missing on {missing} (the server does not list it)");
        }
        else
        {
            WatcherLog.Escalating(logger, missing, _steps, step);
        }
        Interlocked.Increment(ref _renewals);
        await RepairAsync(step, missing).ConfigureAwait(false);
        if (await FirstMissingAsync().ConfigureAwait(false) is null)
        {
            Recovered();
        }
    }

    private async Task RepairAsync(SubscriptionRepair step, string missing)
    {
        switch (step)
        {
            case SubscriptionRepair.Renew:
                await subscriptions.RenewAsync(afresh: false).ConfigureAwait(false);
                break;
            case SubscriptionRepair.Afresh:
                await subscriptions.RenewAsync(afresh: true).ConfigureAwait(false);
                break;
            default:
                // The restore that follows wakes the guard, whose next step makes the subscriptions afresh.
                var node = nodes.Primaries().FirstOrDefault(n => n.Name == missing);
                if (node is not null)
                {
                    await SubscriberReconnect.CloseAsync(node.Server, clientName).ConfigureAwait(false);
                }
                break;
        }
    }

    // Verified: after repair steps the events of the outage are lost, so a reconcile follows (the outage's one gap
    // was counted when it began, and its windows stayed uncertain while unverified).
    private void Recovered()
    {
        if (_steps > 0)
        {
            gaps.Reconcile($"keyspace subscription verified again after {_steps} repair step(s)");
            _steps = 0;
        }
        _verified = true;
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

    // Step number `taken` (0-based) of an outage: renew once, then afresh and reconnect in turn, so the step that just
    // failed is never the next one.
    private static SubscriptionRepair NextStep(int taken) => taken switch
    {
        0 => SubscriptionRepair.Renew,
        _ when taken % 2 == 1 => SubscriptionRepair.Afresh,
        _ => SubscriptionRepair.Reconnect,
    };
}
