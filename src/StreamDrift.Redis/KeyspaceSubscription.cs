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

    private readonly ISubscriber _subscriber;
    private readonly RedisChannel _channel;
    private readonly SessionKeyCounter _counter;
    private readonly SessionKeyRules _rules;
    private readonly int _maxPending;
    private readonly Action<long> _onShed;
    private ChannelMessageQueue _queue;
    private Task _loop;
    private long _unparsed;
    private long _excluded;

    // The key of the message being applied, copied out of the library's buffer: only the read loop touches it,
    // and it grows (rarely) to the longest key seen, so the steady state allocates nothing.
    private byte[] _key = new byte[256];
    private long _maxBacklog;

    private KeyspaceSubscription(
        ISubscriber subscriber, RedisChannel channel, ChannelMessageQueue queue, SessionKeyRules rules, SessionKeyCounter counter, int maxPending, Action<long> onShed)
    {
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

    public static async Task<KeyspaceSubscription> StartAsync(
        ISubscriber subscriber, string prefix, int database, SessionKeyRules rules, SessionKeyCounter counter, int maxPending, Action<long> onShed)
    {
        var channel = RedisChannel.KeySpacePrefix(prefix, database);
        var queue = await subscriber.SubscribeAsync(channel).ConfigureAwait(false);
        return new KeyspaceSubscription(subscriber, channel, queue, rules, counter, maxPending, onShed);
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
        var old = _queue;
        try
        {
            await old.UnsubscribeAsync().ConfigureAwait(false);
        }
        catch (RedisException)
        {
            // Not connected: the library leaves the queue open when its PUNSUBSCRIBE fails, and the loop would
            // wait on it for good; forgetting the channel completes every queue on it first.
            await ForgetAsync().ConfigureAwait(false);
        }
        await _loop.ConfigureAwait(false);
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

    private Task StartLoop(ChannelMessageQueue queue) => Task.Run(() => ReadLoopAsync(queue));

    private async Task ReadLoopAsync(ChannelMessageQueue queue)
    {
        try
        {
            while (true)
            {
                var message = await queue.ReadAsync().ConfigureAwait(false);
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

    private bool IsSession(in KeyNotification notification)
    {
        var length = notification.GetKeyMaxByteCount();
        if (length > _key.Length)
        {
            _key = new byte[Math.Max(length, _key.Length * 2)];
        }
        return notification.TryCopyKey(_key, out var written) && _rules.IsSession(_key.AsSpan(0, written));
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

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _queue.UnsubscribeAsync().ConfigureAwait(false);
        }
        catch (RedisException)
        {
            // The connection is already gone: complete the queue (see RenewAsync).
            await ForgetAsync().ConfigureAwait(false);
        }
        await _loop.ConfigureAwait(false);
    }
}
