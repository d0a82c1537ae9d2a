using StackExchange.Redis;
using StreamDrift.Core.Counting;
using StreamDrift.Core.Layouts;

namespace StreamDrift.Redis;

/// <summary>
/// One prefix's keyspace channel (<see cref="RedisChannel.KeySpacePrefix(in RedisKey, int?)"/>): the library
/// subscribes it on every primary and again after reconnects. A dedicated loop drains the library's ordered
/// queue and applies each message to the counter inline (span parse, Interlocked tallies, no allocation of
/// ours), so StreamDrift itself buffers nothing. The library's queue is unbounded, though: if the loop ever
/// falls behind by more than the configured limit, the oldest messages are shed unread and reported as a gap.
/// </summary>
internal sealed class KeyspaceSubscription : IAsyncDisposable
{
    // How often (in messages) the loop looks at the library's backlog: rare enough to cost nothing.
    private const int BacklogCheckEvery = 4096;

    // How long an unsubscribe, and then the loop's drain, may take: on a node that died the library may never
    // answer, and a failover must not wait for it.
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly ISubscriber _subscriber;
    private readonly RedisChannel _channel;
    private readonly SessionKeyCounter _counter;
    private readonly SessionKeyRules _rules;
    private readonly int _maxPending;
    private readonly Action<long> _onShed;
    private readonly ScanOnlySlots? _scanOnly;
    private readonly TimeProvider _time;
    private ChannelMessageQueue _queue;
    private CancellationTokenSource _stop = new();
    private Task _loop;
    private long _unparsed;
    private long _excluded;
    private long _fromScanOnly;

    // The key of the message being applied, copied out of the library's buffer: only the read loop touches it,
    // and it grows (rarely) to the longest key seen, so the steady state allocates nothing.
    private byte[] _key = new byte[256];
    private long _maxBacklog;

    private KeyspaceSubscription(
        ISubscriber subscriber, RedisChannel channel, ChannelMessageQueue queue, SessionKeyRules rules, SessionKeyCounter counter, int maxPending,
        Action<long> onShed, TimeProvider time, ScanOnlySlots? scanOnly)
    {
        _time = time;
        _scanOnly = scanOnly;
        _subscriber = subscriber;
        _channel = channel;
        _queue = queue;
        _rules = rules;
        _counter = counter;
        _maxPending = maxPending;
        _onShed = onShed;
        _loop = StartLoop(queue);
    }

    /// <summary>The pattern this subscription asks Redis for (what CLIENT LIST counts as one psub).</summary>
    public RedisChannel Channel => _channel;

    /// <summary>Messages on the channel that were not keyspace notifications (should stay zero).</summary>
    public long Unparsed => Interlocked.Read(ref _unparsed);

    /// <summary>Largest backlog seen in the library's queue.</summary>
    public long MaxBacklog => Interlocked.Read(ref _maxBacklog);

    /// <summary>Messages waiting in the library's queue right now.</summary>
    public int Backlog => _queue.TryGetCount(out var count) ? count : 0;

    /// <summary>Events on keys the rules do not call sessions (lock keys, expiry markers), left out of every tally.</summary>
    public long Excluded => Interlocked.Read(ref _excluded);

    /// <summary>Events from the slots of primaries counted by SCAN only, left out of every tally (their scans count those keys).</summary>
    public long FromScanOnly => Interlocked.Read(ref _fromScanOnly);

    public static async Task<KeyspaceSubscription> StartAsync(
        ISubscriber subscriber, string prefix, int database, SessionKeyRules rules, SessionKeyCounter counter, int maxPending, Action<long> onShed,
        TimeProvider time, ScanOnlySlots? scanOnly = null)
    {
        var channel = RedisChannel.KeySpacePrefix(prefix, database);
        var queue = await subscriber.SubscribeAsync(channel).ConfigureAwait(false);
        return new KeyspaceSubscription(subscriber, channel, queue, rules, counter, maxPending, onShed, time, scanOnly);
    }

    /// <summary>
    /// Drops the library's subscription and makes a new one. The library (3.4.35) can keep believing a
    /// pattern is subscribed on an endpoint whose subscriber connection was dropped and reconnected
    /// (MultiNodeSubscription.RemoveDisconnectedEndpoints keeps the disconnected endpoints), so it never sends
    /// PSUBSCRIBE again; a fresh subscription object has no such memory. Events between the two are lost:
    /// the caller counts a gap.
    /// </summary>
    public async Task RenewAsync()
    {
        await StopAsync().ConfigureAwait(false);
        ChannelMessageQueue queue;
        try
        {
            queue = await _subscriber.SubscribeAsync(_channel).ConfigureAwait(false);
        }
        catch (RedisException)
        {
            // The library registered the new queue before the PSUBSCRIBE failed and keeps it, unread, holding the
            // channel's subscription (and its stale endpoints) alive: every later renewal would join that one.
            await ForgetAsync().ConfigureAwait(false);
            throw;
        }
        _queue = queue;
        _stop = new CancellationTokenSource();
        _loop = StartLoop(queue);
    }

    /// <summary>
    /// Makes the library forget the channel: every queue on it (ours, a failed renewal's orphan) completed and its
    /// subscription record, with the endpoints it believes subscribed, dropped; the next subscribe starts a new
    /// record and sends PSUBSCRIBE. The channel is this watcher's alone (one pattern per prefix and database).
    /// </summary>
    public async Task ForgetAsync()
    {
        try
        {
            await _subscriber.UnsubscribeAsync(_channel).ConfigureAwait(false);
        }
        catch (RedisException)
        {
            // Not connected: the record is dropped before the PUNSUBSCRIBE is sent, so forgotten either way.
        }
    }

    private Task StartLoop(ChannelMessageQueue queue)
    {
        var stop = _stop.Token;
        return Task.Run(() => ReadLoopAsync(queue, stop), CancellationToken.None);
    }

    // Unsubscribes and lets the loop drain what is queued, each within StopTimeout: a dead node's library state
    // may never complete the unsubscribe, and then the loop is stopped unread (the caller counts a gap anyway).
    private async Task StopAsync()
    {
        var unsubscribe = _queue.UnsubscribeAsync();
        if (!_subscriber.Multiplexer.IsConnected)
        {
            // The node is gone (a killed primary): nothing more will arrive, so the loop stops now. The unsubscribe
            // still removes the library's registration (it would subscribe again when the node returns as a
            // replica); its answer, if any, is not waited for.
            _ = unsubscribe.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            await _stop.CancelAsync().ConfigureAwait(false);
        }
        else
        {
            try
            {
                await unsubscribe.WaitAsync(StopTimeout, _time).ConfigureAwait(false);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                // No answer: the loop is stopped below either way.
            }
        }
        try
        {
            await _loop.WaitAsync(StopTimeout, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            await _loop.ConfigureAwait(false);
        }
        _stop.Dispose();
    }

    private async Task ReadLoopAsync(ChannelMessageQueue queue, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                var message = await queue.ReadAsync(stop).ConfigureAwait(false);
                Apply(message);
                var sinceCheck = 0;
                while (queue.TryRead(out message))
                {
                    Apply(message);
                    if (++sinceCheck == BacklogCheckEvery)
                    {
                        sinceCheck = 0;
                        CheckBacklog(queue);
                    }
                }
            }
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            // Unsubscribed: the watcher is shutting down.
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Apply(in ChannelMessage message)
    {
        var channel = message.Channel;
        var value = message.Message;
        if (KeyNotification.TryParse(in channel, in value, out var notification))
        {
            if (_scanOnly is { Active: true } && FromScanOnlyPrimary(in notification))
            {
                Interlocked.Increment(ref _fromScanOnly);
                return;
            }
            if (_rules.InspectsKeys && !IsSession(in notification))
            {
                Interlocked.Increment(ref _excluded);
                return;
            }
            _counter.Apply(KeyEventMapper.Map(notification.Type));
        }
        else
        {
            Interlocked.Increment(ref _unparsed);
        }
    }

    private bool IsSession(in KeyNotification notification) =>
        CopyKey(in notification, out var key) && _rules.IsSession(key);

    private bool FromScanOnlyPrimary(in KeyNotification notification) =>
        CopyKey(in notification, out var key) && _scanOnly!.Ignores(key);

    private bool CopyKey(in KeyNotification notification, out ReadOnlySpan<byte> key)
    {
        var length = notification.GetKeyMaxByteCount();
        if (length > _key.Length)
        {
            _key = new byte[Math.Max(length, _key.Length * 2)];
        }
        var copied = notification.TryCopyKey(_key, out var written);
        key = _key.AsSpan(0, written);
        return copied;
    }

    private void CheckBacklog(ChannelMessageQueue queue)
    {
        if (!queue.TryGetCount(out var backlog))
        {
            return;
        }
        if (backlog > Interlocked.Read(ref _maxBacklog))
        {
            Interlocked.Exchange(ref _maxBacklog, backlog);
        }
        if (backlog <= _maxPending)
        {
            return;
        }
        // Shedding unread is cheaper than parsing, so the loop catches up; the reconcile it triggers repairs the count.
        long shed = 0;
        while (shed < backlog - (_maxPending / 2) && queue.TryRead(out _))
        {
            shed++;
        }
        _onShed(shed);
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
