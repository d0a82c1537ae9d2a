using StackExchange.Redis;
using StreamDrift.Core.Counting;
using StreamDrift.Core.Layouts;

namespace StreamDrift.Redis;

/// <summary>
/// The store's keyspace subscriptions, one <see cref="KeyspaceSubscription"/> per prefix, all feeding the one
/// counter; empty in SCAN-only mode. Also the barrier a reconcile needs: "every message sent before now applied".
/// </summary>
internal sealed class KeyspaceSubscriptions(ISubscriber subscriber, TimeProvider time) : IAsyncDisposable
{
    // How long a barrier waits for the keyspace messages already on the wire to be applied.
    private static readonly TimeSpan BarrierTimeout = TimeSpan.FromSeconds(5);

    private readonly List<KeyspaceSubscription> _subscriptions = [];

    public long MaxBacklog
    {
        get
        {
            long max = 0;
            foreach (var subscription in _subscriptions)
            {
                max = Math.Max(max, subscription.MaxBacklog);
            }
            return max;
        }
    }

    /// <summary>Events on keys under the prefixes that are not sessions (left out of the count and the tallies).</summary>
    public long Excluded
    {
        get
        {
            long excluded = 0;
            foreach (var subscription in _subscriptions)
            {
                excluded += subscription.Excluded;
            }
            return excluded;
        }
    }

    public long Unparsed
    {
        get
        {
            long unparsed = 0;
            foreach (var subscription in _subscriptions)
            {
                unparsed += subscription.Unparsed;
            }
            return unparsed;
        }
    }

    /// <summary>Subscribes one prefix's channel. Call before the loops start: the list is not guarded.</summary>
    public async Task AddAsync(string prefix, int database, SessionKeyRules rules, SessionKeyCounter counter, int maxPending, Action<long> onShed)
    {
        _subscriptions.Add(await KeyspaceSubscription.StartAsync(subscriber, prefix, database, rules, counter, maxPending, onShed).ConfigureAwait(false));
    }

    /// <summary>Subscriptions each primary must hold for us: one pattern per prefix.</summary>
    public int Expected => _subscriptions.Count;

    /// <summary>
    /// True when <paramref name="server"/> lists at least one pattern subscription per prefix on connections named
    /// <paramref name="clientName"/> (see <see cref="SubscriptionVerifier"/>). Vacuously true in SCAN-only mode.
    /// </summary>
    public async Task<bool> VerifyAsync(IServer server, string clientName)
    {
        if (_subscriptions.Count == 0)
        {
            return true;
        }
        return await SubscriptionVerifier.PatternSubscriptionsAsync(server, clientName).ConfigureAwait(false) >= _subscriptions.Count;
    }

    /// <summary>
    /// Drops and re-makes every prefix's subscription (the library's own resubscribe cannot be trusted);
    /// <paramref name="afresh"/> wipes the library's memory of each channel first (see <see cref="KeyspaceSubscription.ForgetAsync"/>).
    /// </summary>
    public async Task RenewAsync(bool afresh = false)
    {
        foreach (var subscription in _subscriptions)
        {
            if (afresh)
            {
                await subscription.ForgetAsync().ConfigureAwait(false);
            }
            await subscription.RenewAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits until the keyspace messages Redis sent before now have been applied. A PING on the subscription
    /// connection returns after every message sent before it was read off the socket; then the queues drain.
    /// </summary>
    public async Task BarrierAsync(CancellationToken cancellationToken)
    {
        if (_subscriptions.Count == 0)
        {
            return;
        }
        await subscriber.PingAsync().ConfigureAwait(false);
        var started = time.GetTimestamp();
        while (time.GetElapsedTime(started) < BarrierTimeout)
        {
            var pending = 0;
            foreach (var subscription in _subscriptions)
            {
                pending += subscription.Backlog;
            }
            if (pending == 0)
            {
                return;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(1), time, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var subscription in _subscriptions)
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
        }
    }
}
