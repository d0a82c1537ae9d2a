using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using StreamDrift.Core.Counting;
using StreamDrift.Core.Signals;

namespace StreamDrift.Redis;

/// <summary>
/// Watches one store's session keys on one Redis deployment: keyspace subscriptions per prefix feeding a
/// lock-free counter, reconcile scans per primary (scheduled and after every gap), and an INFO sampler.
/// Publishes a <see cref="StoreSnapshot"/> about once a second. Start with <see cref="StartAsync"/>; dispose
/// to unsubscribe and stop the loops (the connection belongs to the caller).
/// </summary>
public sealed partial class StoreWatcher : IAsyncDisposable
{
    private readonly IConnectionMultiplexer _connection;
    private readonly StoreWatcherOptions _options;
    private readonly IReadOnlyList<string> _prefixes;
    private readonly TimeProvider _time;
    private readonly IScheduler _scheduler;
    private readonly ILogger<StoreWatcher> _logger;
    private readonly SessionKeyCounter _counter = new();
    private readonly List<KeyspaceSubscription> _subscriptions = [];
    private readonly Channel<string> _reconcileRequests =
        Channel.CreateBounded<string>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly SemaphoreSlim _reconcileGate = new(1, 1);
    private readonly Subject<ReconcileResult> _reconciled = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private long _gaps;
    private long _shed;
    private long _reconciles;
    private volatile bool _reachable = true;
    private volatile RedisHealth? _health;
    private volatile TtlSummary? _ttl;
    private volatile ReconcileResult? _lastReconcile;
    private int _disposed;

    private StoreWatcher(IConnectionMultiplexer connection, StoreWatcherOptions options, TimeProvider timeProvider, IScheduler scheduler, ILogger<StoreWatcher> logger)
    {
        _connection = connection;
        _options = options;
        _prefixes = SessionPrefixes.Normalize(options.Prefixes);
        _time = timeProvider;
        _scheduler = scheduler;
        _logger = logger;
        Snapshots = Observable.Interval(options.SnapshotInterval, scheduler)
            .Select(_ => CurrentSnapshot())
            .Publish()
            .RefCount();
    }

    /// <summary>The store's state about once per <see cref="StoreWatcherOptions.SnapshotInterval"/>, on the injected scheduler.</summary>
    public IObservable<StoreSnapshot> Snapshots { get; }

    /// <summary>Every completed reconcile, corrections included (each one measures missed events).</summary>
    public IObservable<ReconcileResult> Reconciled => _reconciled.AsObservable();

    /// <summary>The live counter (count and per-kind tallies).</summary>
    public SessionKeyCounter Counter => _counter;

    /// <summary>The prefixes actually watched (configured ones, overlaps removed).</summary>
    public IReadOnlyList<string> Prefixes => _prefixes;

    public ReconcileResult? LastReconcile => _lastReconcile;

    public RedisHealth? LastHealth => _health;

    public TtlSummary? LastTtl => _ttl;

    /// <summary>
    /// Checks the servers (Redis 7.0+, keyspace flags merged in), subscribes every prefix, and starts the
    /// reconcile and INFO loops. The first reconcile seeds the count right away. Throws
    /// <see cref="RedisSetupException"/> with a one-line, actionable message when the server cannot be used.
    /// The connection needs <c>allowAdmin</c> for CONFIG.
    /// </summary>
    public static async Task<StoreWatcher> StartAsync(
        IConnectionMultiplexer connection,
        StoreWatcherOptions options,
        TimeProvider timeProvider,
        IScheduler scheduler,
        ILogger<StoreWatcher> logger,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        var watcher = new StoreWatcher(connection, options, timeProvider, scheduler, logger);
        try
        {
            await watcher.StartCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await watcher.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return watcher;
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        if (!_options.ScanOnly)
        {
            foreach (var server in Primaries())
            {
                await EnsureNotificationsAsync(server, cancellationToken).ConfigureAwait(false);
            }
            var subscriber = _connection.GetSubscriber();
            foreach (var prefix in _prefixes)
            {
                _subscriptions.Add(await KeyspaceSubscription.StartAsync(
                    subscriber, prefix, _options.Database, _counter, _options.MaxPendingEvents, OnShed).ConfigureAwait(false));
            }
        }
        _connection.ConnectionFailed += OnConnectionFailed;
        _connection.ConnectionRestored += OnConnectionRestored;
        _loops.Add(Task.Run(() => ReconcileLoopAsync(_stopping.Token), CancellationToken.None));
        _loops.Add(Task.Run(() => InfoLoopAsync(_stopping.Token), CancellationToken.None));
    }

    /// <summary>Asks for a reconcile as soon as the current one (if any) ends. Requests coalesce.</summary>
    public void RequestReconcile(string reason) => _reconcileRequests.Writer.TryWrite(reason);

    /// <summary>The store's state now.</summary>
    public StoreSnapshot CurrentSnapshot() => new()
    {
        StoreId = _options.StoreId,
        At = _scheduler.Now,
        SessionKeys = _counter.Value,
        Events = _counter.Events,
        Health = _health,
        Ttl = _ttl,
        LastReconcile = _lastReconcile,
        SubscriptionGaps = Interlocked.Read(ref _gaps),
        RedisReachable = _reachable,
    };

    /// <summary>Cumulative counters for metrics.</summary>
    public WatcherMetrics GetMetrics()
    {
        long maxBacklog = 0, unparsed = 0;
        foreach (var subscription in _subscriptions)
        {
            maxBacklog = Math.Max(maxBacklog, subscription.MaxBacklog);
            unparsed += subscription.Unparsed;
        }
        return new WatcherMetrics(
            _counter.Value,
            _counter.Events,
            _counter.CountChangingEvents,
            Interlocked.Read(ref _reconciles),
            _counter.Corrections,
            _counter.CorrectedKeys,
            Interlocked.Read(ref _gaps),
            Interlocked.Read(ref _shed),
            maxBacklog,
            unparsed);
    }

    // Cluster-ready: one scan and one INFO per primary; the library subscribes the keyspace channels on each.
    private List<IServer> Primaries()
    {
        var primaries = new List<IServer>();
        foreach (var server in _connection.GetServers())
        {
            if (!server.IsReplica)
            {
                primaries.Add(server);
            }
        }
        if (primaries.Count == 0)
        {
            throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, CommandFlags.None, "no primary Redis server is connected", null, CommandStatus.Unknown);
        }
        return primaries;
    }

    private async Task EnsureNotificationsAsync(IServer server, CancellationToken cancellationToken)
    {
        var added = await NotificationConfigurator.EnsureAsync(server, _options.ConfigureNotifications, cancellationToken).ConfigureAwait(false);
        if (added.Length != 0)
        {
            LogFlagsAdded(server.EndPoint.ToString() ?? "?", added);
        }
    }

    private void RecordGap(string reason)
    {
        Interlocked.Increment(ref _gaps);
        LogGap(reason);
        RequestReconcile(reason);
    }

    private void OnShed(long count)
    {
        Interlocked.Add(ref _shed, count);
        RecordGap($"shed {count} keyspace messages");
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Subscription)
        {
            RecordGap("subscription connection lost");
        }
        else
        {
            _reachable = false;
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (_options.ScanOnly)
        {
            _reachable = true;
            return;
        }
        if (e.ConnectionType == ConnectionType.Subscription)
        {
            // Events published while the subscription was down are gone: count it as a gap and rescan.
            RecordGap("subscription connection restored");
            return;
        }
        _reachable = true;
        // A restarted server or a promoted replica may not carry the flags: check again, off the event thread.
        if (e.EndPoint is null)
        {
            return;
        }
        var server = _connection.GetServer(e.EndPoint);
        _ = Task.Run(() => RecheckNotificationsAsync(server), CancellationToken.None);
    }

    private async Task RecheckNotificationsAsync(IServer server)
    {
        try
        {
            await EnsureNotificationsAsync(server, _stopping.Token).ConfigureAwait(false);
        }
        catch (RedisSetupException e)
        {
            LogSetupFailed(e.Message);
        }
        catch (RedisException e)
        {
            LogRedisFailed("notification re-check", e);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        _connection.ConnectionFailed -= OnConnectionFailed;
        _connection.ConnectionRestored -= OnConnectionRestored;
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var loop in _loops)
        {
            try
            {
                await loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
        foreach (var subscription in _subscriptions)
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
        }
        _reconciled.OnCompleted();
        _reconciled.Dispose();
        _reconcileGate.Dispose();
        _stopping.Dispose();
    }
}
