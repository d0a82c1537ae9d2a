using StackExchange.Redis;
using StreamDrift.Core.Counting;

namespace StreamDrift.Redis;

/// <summary>
/// The store's keyspace subscriptions, one <see cref="KeyspaceSubscription"/> per prefix, all feeding the one
/// counter; empty in SCAN-only mode. Also the barrier a reconcile needs: "every message sent before now applied".
/// </summary>
internal sealed class KeyspaceSubscriptions(ISubscriber subscriber, TimeProvider time) : IAsyncDisposable
{
    // How long a barrier waits for the keyspace messages already on the wire to be applied.
    private static readonly TimeSpan BarrierTimeout = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _renewing = new(1, 1);
    private readonly List<Subscribed> _added = [];
    private volatile KeyspaceSubscription[] _subscriptions = [];
    private long _renewals;

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

    /// <summary>Times the subscriptions were dropped and made anew (topology changes, subscription reconnects).</summary>
    public long Renewals => Interlocked.Read(ref _renewals);

    /// <summary>Subscribes one prefix's channel. Call before the loops start.</summary>
    public async Task AddAsync(string prefix, int database, SessionKeyCounter counter, int maxPending, Action<long> onShed)
    {
        var subscribed = new Subscribed(prefix, database, counter, maxPending, onShed);
        _added.Add(subscribed);
        _subscriptions = [.. _subscriptions, await subscribed.StartAsync(subscriber).ConfigureAwait(false)];
    }

    /// <summary>
    /// Unsubscribes every channel and subscribes it again, so the library builds its per-node bookkeeping
    /// afresh on the primaries it knows now. Needed because StackExchange.Redis's multi-node subscription adds
    /// primaries only on reconfiguration and, after a node's subscription connection drops and returns, keeps
    /// believing it is subscribed there (its RemoveDisconnectedEndpoints keeps the disconnected endpoints), so
    /// no PSUBSCRIBE is sent again. Events between the two steps are lost: callers count a gap and reconcile.
    /// </summary>
    public async Task RenewAsync()
    {
        await _renewing.WaitAsync().ConfigureAwait(false);
        try
        {
            var old = _subscriptions;
            foreach (var subscription in old)
            {
                await subscription.DisposeAsync().ConfigureAwait(false);
            }
            var renewed = new KeyspaceSubscription[_added.Count];
            for (var i = 0; i < renewed.Length; i++)
            {
                renewed[i] = await _added[i].StartAsync(subscriber).ConfigureAwait(false);
            }
            _subscriptions = renewed;
            Interlocked.Increment(ref _renewals);
        }
        finally
        {
            _renewing.Release();
        }
    }

    /// <summary>
    /// Waits until the keyspace messages Redis sent before now have been applied. A PING on the subscription
    /// connection returns after every message sent before it was read off the socket; then the queues drain.
    /// </summary>
    public async Task BarrierAsync(CancellationToken cancellationToken)
    {
        if (_subscriptions.Length == 0)
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
        _renewing.Dispose();
    }

    // What one prefix's subscription needs, kept so that it can be made again.
    private sealed record Subscribed(string Prefix, int Database, SessionKeyCounter Counter, int MaxPending, Action<long> OnShed)
    {
        public Task<KeyspaceSubscription> StartAsync(ISubscriber subscriber) =>
            KeyspaceSubscription.StartAsync(subscriber, Prefix, Database, Counter, MaxPending, OnShed);
    }
}
