using StackExchange.Redis;
using StreamDrift.Core.Counting;
using StreamDrift.Core.Layouts;

namespace StreamDrift.Redis;

/// <summary>
/// The store's keyspace subscriptions, one <see cref="KeyspaceSubscription"/> per prefix, all feeding the one
/// counter; empty in SCAN-only mode. Either on the store's shared subscriber (the library subscribes every
/// primary: standalone, cluster) or, when <c>primaries</c> is given (behind Sentinel), per primary on that
/// node's own connection: a replica is never subscribed, so the events it publishes for replicated writes (a
/// demoted primary's, too) are never counted. Also the barrier a reconcile needs: "every message sent before
/// now applied".
/// </summary>
internal sealed class KeyspaceSubscriptions(ISubscriber shared, TimeProvider time, Func<IReadOnlyList<RedisNode>>? primaries = null)
    : IAsyncDisposable
{
    // How long a barrier waits for the keyspace messages already on the wire to be applied.
    private static readonly TimeSpan BarrierTimeout = TimeSpan.FromSeconds(5);

    private readonly List<Func<ISubscriber, Task<KeyspaceSubscription>>> _prefixes = [];
    private readonly SemaphoreSlim _changing = new(1, 1);
    private volatile Subscribed[] _subscribed = [];
    private long _droppedExcluded;
    private long _droppedUnparsed;

    public long MaxBacklog
    {
        get
        {
            long max = 0;
            foreach (var one in _subscribed)
            {
                max = Math.Max(max, one.Subscription.MaxBacklog);
            }
            return max;
        }
    }

    /// <summary>Events on keys under the prefixes that are not sessions (left out of the count and the tallies).</summary>
    public long Excluded
    {
        get
        {
            var excluded = Interlocked.Read(ref _droppedExcluded);
            foreach (var one in _subscribed)
            {
                excluded += one.Subscription.Excluded;
            }
            return excluded;
        }
    }

    public long Unparsed
    {
        get
        {
            var unparsed = Interlocked.Read(ref _droppedUnparsed);
            foreach (var one in _subscribed)
            {
                unparsed += one.Subscription.Unparsed;
            }
            return unparsed;
        }
    }

    /// <summary>
    /// Subscribes one prefix's channel (per primary, behind Sentinel). Call before the loops start. Events from the
    /// slots of <paramref name="scanOnly"/>'s primaries are left out (those primaries are counted by their scans).
    /// </summary>
    public async Task AddAsync(
        string prefix, int database, SessionKeyRules rules, SessionKeyCounter counter, int maxPending, Action<long> onShed, ScanOnlySlots? scanOnly = null)
    {
        Task<KeyspaceSubscription> Start(ISubscriber subscriber) =>
            KeyspaceSubscription.StartAsync(subscriber, prefix, database, rules, counter, maxPending, onShed, time, scanOnly);
        _prefixes.Add(Start);
        var added = new List<Subscribed>();
        foreach (var subscriber in Subscribers())
        {
            added.Add(new Subscribed(subscriber, await Start(subscriber).ConfigureAwait(false)));
        }
        _subscribed = [.. _subscribed, .. added];
    }

    /// <summary>Subscriptions each primary must hold for us: one pattern per prefix.</summary>
    public int Expected => _prefixes.Count;

    /// <summary>
    /// True when <paramref name="server"/> lists at least one pattern subscription per prefix on connections named
    /// <paramref name="clientName"/> (see <see cref="SubscriptionVerifier"/>). Vacuously true in SCAN-only mode.
    /// </summary>
    public async Task<bool> VerifyAsync(IServer server, string clientName)
    {
        if (_prefixes.Count == 0)
        {
            return true;
        }
        return await SubscriptionVerifier.PatternSubscriptionsAsync(server, clientName).ConfigureAwait(false) >= _prefixes.Count;
    }

    /// <summary>
    /// Drops and re-makes every prefix's subscription (the library's own resubscribe cannot be trusted). Per node,
    /// they are made on the primaries as they are now: a node no longer primary loses its subscriptions.
    /// <paramref name="afresh"/> wipes the library's memory of each channel first (see <see cref="KeyspaceSubscription.ForgetAsync"/>).
    /// </summary>
    public async Task RenewAsync(bool afresh = false)
    {
        await _changing.WaitAsync().ConfigureAwait(false);
        try
        {
            if (primaries is null)
            {
                foreach (var one in _subscribed)
                {
                    if (afresh)
                    {
                        await one.Subscription.ForgetAsync().ConfigureAwait(false);
                    }
                    await one.Subscription.RenewAsync().ConfigureAwait(false);
                }
                return;
            }
            var old = _subscribed;
            _subscribed = [];
            foreach (var one in old)
            {
                if (afresh)
                {
                    await one.Subscription.ForgetAsync().ConfigureAwait(false);
                }
                await DropAsync(one).ConfigureAwait(false);
            }
            var made = new List<Subscribed>();
            foreach (var subscriber in Subscribers())
            {
                foreach (var start in _prefixes)
                {
                    made.Add(new Subscribed(subscriber, await start(subscriber).ConfigureAwait(false)));
                }
            }
            _subscribed = [.. made];
        }
        finally
        {
            _changing.Release();
        }
    }

    /// <summary>
    /// Waits until the keyspace messages Redis sent before now have been applied. A PING on each subscription
    /// connection returns after every message sent before it was read off the socket; then the queues drain.
    /// </summary>
    public async Task BarrierAsync(CancellationToken cancellationToken)
    {
        var subscribed = _subscribed;
        if (subscribed.Length == 0)
        {
            return;
        }
        foreach (var subscriber in subscribed.Select(s => s.Subscriber).Distinct())
        {
            // Bounded: a PING to a node that died may never be answered, and a reconcile waiting on it would never
            // run (it fails instead, and is retried on the nodes as they are then).
            await subscriber.PingAsync().WaitAsync(BarrierTimeout, time, cancellationToken).ConfigureAwait(false);
        }
        var started = time.GetTimestamp();
        while (time.GetElapsedTime(started) < BarrierTimeout)
        {
            var pending = 0;
            foreach (var one in subscribed)
            {
                pending += one.Subscription.Backlog;
            }
            if (pending == 0)
            {
                return;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(1), time, cancellationToken).ConfigureAwait(false);
        }
    }

    // The shared subscriber once, or each primary's own.
    private IEnumerable<ISubscriber> Subscribers() => primaries is null ? [shared] : primaries().Select(n => n.Subscriber);

    private async Task DropAsync(Subscribed one)
    {
        Interlocked.Add(ref _droppedExcluded, one.Subscription.Excluded);
        Interlocked.Add(ref _droppedUnparsed, one.Subscription.Unparsed);
        await one.Subscription.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var one in _subscribed)
        {
            await one.Subscription.DisposeAsync().ConfigureAwait(false);
        }
        _changing.Dispose();
    }

    // One prefix's subscription on one subscriber (the shared one, or a primary's own).
    private sealed record Subscribed(ISubscriber Subscriber, KeyspaceSubscription Subscription);
}
