using System.Reactive.Linq;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using StreamDrift.Core.Counting;
using StreamDrift.Core.Layouts;
using StreamDrift.Core.Signals;
using StreamDrift.Redis.Scanning;
using StreamDrift.Redis.Sentinel;

namespace StreamDrift.Redis;

/// <summary>
/// Watches one store's session keys on one Redis deployment, composed of: <see cref="KeyspaceSubscriptions"/>
/// feeding a lock-free counter, a <see cref="ReconcileLoop"/> (scheduled and after every gap), an
/// <see cref="InfoSampler"/> and a <see cref="TtlSampler"/>, all over the store's primaries
/// (<see cref="StoreNodes"/>) and all on the one injected clock. Publishes a <see cref="StoreSnapshot"/> about
/// once a second. Start with <c>StartAsync</c>; dispose to unsubscribe and stop the loops (the
/// connection belongs to the caller).
/// </summary>
public sealed class StoreWatcher : IAsyncDisposable
{
    private readonly IConnectionMultiplexer _connection;
    private readonly StoreWatcherOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<StoreWatcher> _logger;
    private readonly SessionKeyCounter _counter = new();
    private readonly ReconcileRequests _reconcileRequests = new();
    private readonly Reachability _reachability = new();
    private readonly KeyspaceGaps _gaps;
    private readonly StoreNodes _nodes;
    private readonly KeyspaceSubscriptions _subscriptions;
    private readonly TtlSampler _ttls;
    private readonly InfoSampler _info;
    private readonly ReconcileLoop _reconcile;
    private readonly TopologyFollower _topology;
    private readonly ScanOnlyPrimaries _scanOnly;
    private readonly SubscriptionGuard _guard;
    private readonly SilentSubscriptionLoop _silence;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private readonly bool _behindSentinel;
    private int _disposed;

    private StoreWatcher(
        IConnectionMultiplexer connection, StoreWatcherOptions options, TimeProvider timeProvider, ILogger<StoreWatcher> logger, SentinelMaster? sentinels)
    {
        _connection = connection;
        _options = options;
        _time = timeProvider;
        _logger = logger;
        Rules = options.Rules();
        _gaps = new KeyspaceGaps(_reconcileRequests, logger);
        _nodes = new StoreNodes(connection, options, timeProvider, logger);
        _behindSentinel = sentinels is not null;
        if (sentinels is not null)
        {
            // Behind Sentinel every node has its own connection: commands, subscription and their events.
            _nodes.FollowSentinels(sentinels, OnConnectionFailed, OnConnectionRestored);
            _subscriptions = new KeyspaceSubscriptions(connection.GetSubscriber(), timeProvider, _nodes.Primaries);
            _ttls = new TtlSampler(() => _nodes.Primaries()[0].Server.Multiplexer, options, Rules.Prefixes, timeProvider);
        }
        else
        {
            _subscriptions = new KeyspaceSubscriptions(connection.GetSubscriber(), timeProvider);
            _ttls = new TtlSampler(() => connection, options, Rules.Prefixes, timeProvider);
        }
        _info = new InfoSampler(_nodes, _counter, _gaps, _reconcileRequests, _reachability, options, timeProvider, logger, () => _reconcile!.Rebase(), () => SessionKeys);
        _guard = new SubscriptionGuard(
            _nodes, _subscriptions, _gaps, sentinels?.NodeClientName ?? connection.ClientName, options, timeProvider, logger);
        _reconcile = new ReconcileLoop(
            _nodes, _subscriptions, _counter, _ttls, _gaps, _reconcileRequests, _reachability, Rules, options, timeProvider, logger);
        _scanOnly = new ScanOnlyPrimaries(_nodes, Rules, _reconcile.PageTimes, options, timeProvider, logger);
        _silence = new SilentSubscriptionLoop(_info, _counter, _subscriptions, _reconcile, _reconcileRequests, _gaps, _guard, options, timeProvider, logger);
        _topology = new TopologyFollower(_nodes, _subscriptions, _gaps, _reconcile, options, timeProvider, logger);
        Snapshots = Ticks(options.SnapshotInterval, timeProvider)
            .Select(_ => CurrentSnapshot())
            .Publish()
            .RefCount();
    }

    /// <summary>The store's state about once per <see cref="StoreWatcherOptions.SnapshotInterval"/> of the injected clock.</summary>
    public IObservable<StoreSnapshot> Snapshots { get; }

    /// <summary>Every completed reconcile, corrections included (each one measures missed events).</summary>
    public IObservable<ReconcileResult> Reconciled => _reconcile.Reconciled;

    /// <summary>The live counter (count and per-kind tallies).</summary>
    public SessionKeyCounter Counter => _counter;

    /// <summary>The prefixes actually watched (configured ones, overlaps removed).</summary>
    public IReadOnlyList<string> Prefixes => Rules.Prefixes;

    /// <summary>What one session is: the prefixes, the keys under them that are not sessions, the id shape.</summary>
    public SessionKeyRules Rules { get; }

    public ReconcileResult? LastReconcile => _reconcile.Last;

    public RedisHealth? LastHealth => _info.Last;

    public TtlSummary? LastTtl => _ttls.Last;

    /// <summary>True while every primary lists our keyspace subscriptions (checked, not assumed).</summary>
    public bool SubscriptionVerified => _guard.Verified;

    /// <summary>Silent subscriptions found (the server listed them, the count moved, no event came) and renewed.</summary>
    internal long SilentSubscriptionRenewals => _silence.Renewals;

    /// <summary>Reconciles the silent-subscription watchdog asked for on suspicion.</summary>
    internal long SilenceChecks => _silence.Checks;

    /// <summary>Proves the subscriptions on every primary now, renewing them when a server lacks them.</summary>
    public Task VerifySubscriptionAsync() => _guard.CheckAsync();
    /// <summary>The reconcile's page times (cumulative histograms), for the metrics endpoint.</summary>
    public ReconcilePageTimes ReconcilePageTimes => _reconcile.PageTimes;

    /// <summary>
    /// Checks the servers (Redis 7.0+, keyspace flags merged in), subscribes every prefix, and starts the
    /// reconcile and INFO loops. The first reconcile seeds the count right away. Throws
    /// <see cref="RedisSetupException"/> with a one-line, actionable message when the server cannot be used.
    /// The connection needs <c>allowAdmin</c> for CONFIG. <c>timeProvider</c> is the watcher's only clock: loops,
    /// scans, results and snapshots.
    /// </summary>
    public static Task<StoreWatcher> StartAsync(
        IConnectionMultiplexer connection,
        StoreWatcherOptions options,
        TimeProvider timeProvider,
        ILogger<StoreWatcher> logger,
        CancellationToken cancellationToken = default) =>
        StartAsync(connection, sentinels: null, options, timeProvider, logger, cancellationToken);

    /// <summary>
    /// Behind Sentinel: as above, but the primary is the one <paramref name="sentinels"/> name, asked every INFO
    /// interval (a changed answer is a failover: a gap), and every node is reached on a connection of its own, so
    /// only the primary's keyspace events are counted. <paramref name="connection"/> (the data deployment) is the
    /// caller's; the watcher uses it for nothing the sentinels decide. Null <paramref name="sentinels"/> is the
    /// overload above.
    /// </summary>
    public static async Task<StoreWatcher> StartAsync(
        IConnectionMultiplexer connection,
        SentinelMaster? sentinels,
        StoreWatcherOptions options,
        TimeProvider timeProvider,
        ILogger<StoreWatcher> logger,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        var watcher = new StoreWatcher(connection, options, timeProvider, logger, sentinels);
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
        await _topology.StartAsync(cancellationToken).ConfigureAwait(false);
        if (!_options.ScanOnly)
        {
            var primaries = _nodes.Primaries();
            var (refused, refusal) = await NodeNotifications.EnsureEachAsync(primaries, cancellationToken).ConfigureAwait(false);
            if (refusal is not null)
            {
                // Some cluster primaries refuse CONFIG: those are counted by SCAN only, the others live.
                await _scanOnly.StartAsync(primaries, refused, refusal, cancellationToken).ConfigureAwait(false);
            }
            // Replicas too, so that a promotion never starts without the flags; one that refuses is only a warning.
            var replicas = _nodes.Connected().Where(n => !primaries.Contains(n)).ToArray();
            if (await NodeNotifications.EnsureAsync(replicas, cancellationToken).ConfigureAwait(false) is { } replicasRefused)
            {
                WatcherLog.SetupFailed(_logger, replicasRefused.Message);
            }
            foreach (var prefix in Prefixes)
            {
                await _subscriptions.AddAsync(prefix, _options.Database, Rules, _counter, _options.MaxPendingEvents, _gaps.RecordShed, _scanOnly.Slots).ConfigureAwait(false);
            }
            _loops.Add(Task.Run(() => _guard.RunAsync(_stopping.Token), CancellationToken.None));
            _loops.Add(Task.Run(() => _silence.RunAsync(_stopping.Token), CancellationToken.None));
        }
        if (!_behindSentinel)
        {
            _connection.ConnectionFailed += OnConnectionFailed;
            _connection.ConnectionRestored += OnConnectionRestored;
        }
        _loops.Add(Task.Run(() => _reconcile.RunAsync(_stopping.Token), CancellationToken.None));
        _loops.Add(Task.Run(() => _info.RunAsync(_stopping.Token), CancellationToken.None));
        _loops.Add(Task.Run(() => _topology.RunAsync(_stopping.Token), CancellationToken.None));
        _loops.Add(Task.Run(() => _scanOnly.RunAsync(_stopping.Token), CancellationToken.None));
    }

    /// <summary>Asks for a reconcile as soon as the current one (if any) ends. Requests coalesce.</summary>
    public void RequestReconcile(string reason) => _reconcileRequests.Request(reason);

    /// <summary>
    /// Runs one reconcile now (waiting for a running one to finish) and returns its result. The scheduled and
    /// gap-triggered reconciles go through the same path.
    /// </summary>
    public async Task<ReconcileResult> ReconcileNowAsync(string reason, CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        return await _reconcile.ReconcileAsync(reason, seed: false, linked.Token).ConfigureAwait(false);
    }

    /// <summary>The store's state now.</summary>
    public StoreSnapshot CurrentSnapshot()
    {
        var health = _info.Last;
        return new()
        {
            StoreId = _options.StoreId,
            At = _time.GetUtcNow(),
            // The session keys are some of the DB's keys: a count above what the DB can hold is known wrong (the
            // reconcile loop is already asked to repair it), so never report more than that.
            SessionKeys = _info.AtMostInDb(_counter.Value, _scanOnly.Keys),
            Events = _counter.Events,
            Health = health,
            Ttl = _ttls.Last,
            LastReconcile = _reconcile.Last,
            SubscriptionGaps = _gaps.Count,
            ExcludedEvents = _subscriptions.Excluded,
            CorrectedKeys = _counter.CorrectedKeys,
            CountUncertain = _gaps.Open || !_guard.Verified,
            SubscriptionVerified = _guard.Verified,
            RedisReachable = _reachability.IsReachable,
        };
    }

    /// <summary>
    /// The store's session keys now: the live counter, plus the last scans of the primaries counted by SCAN only
    /// (CONFIG refused there; none in most deployments).
    /// </summary>
    public long SessionKeys => _counter.Value + _scanOnly.Keys;

    /// <summary>The primaries counted by SCAN only because they refuse CONFIG while other primaries accept it.</summary>
    public IReadOnlyList<string> ScanOnlyPrimaries => _scanOnly.Names;

    /// <summary>Cumulative counters for metrics.</summary>
    public WatcherMetrics GetMetrics() => new(
        SessionKeys,
        _counter.Events,
        _counter.CountChangingEvents,
        _reconcile.Count,
        _counter.Corrections,
        _counter.CorrectedKeys,
        _gaps.Count,
        _gaps.Shed,
        _subscriptions.MaxBacklog,
        _subscriptions.Unparsed,
        _topology.Changes);

    /// <summary>Per-node figures (every node seen, by endpoint): role, session keys found by the last reconcile, INFO.</summary>
    public IReadOnlyList<NodeMetrics> GetNodeMetrics() =>
        [.. _nodes.Known.OrderBy(n => n.Name, StringComparer.Ordinal).Select(n => new NodeMetrics(
            n.Name, n.Role, n.ScannedKeys, n.LastHealth?.DbKeys ?? 0, n.LastHealth?.EvictedKeysTotal ?? 0, n.LastHealth?.ExpiredKeysTotal ?? 0,
            n.LastHealth is not null, n.LastHealth?.UsedMemoryBytes ?? 0, n.ScanOnly))];

    /// <summary>The last change of primaries seen (a failover, a primary added or removed), or null.</summary>
    public DateTimeOffset? LastTopologyChange => _topology.Last?.At;

    // A tick per period of the injected clock. A tick that finds the previous one still running is skipped,
    // so observers never see overlapping calls.
    private static IObservable<long> Ticks(TimeSpan period, TimeProvider time) => Observable.Create<long>(observer =>
    {
        long tick = 0;
        var busy = 0;
        return time.CreateTimer(_ =>
        {
            if (Interlocked.Exchange(ref busy, 1) != 0)
            {
                return;
            }
            try
            {
                observer.OnNext(tick++);
            }
            finally
            {
                Volatile.Write(ref busy, 0);
            }
        }, null, period, period);
    });

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Subscription)
        {
            _guard.Lost();
            _gaps.Record("subscription connection lost");
        }
        else
        {
            _reachability.Lost();
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (_options.ScanOnly)
        {
            _reachability.Answered();
            return;
        }
        if (e.ConnectionType == ConnectionType.Subscription)
        {
            // Events published while the subscription was down are gone: count it as a gap and rescan. The library
            // may not have subscribed again (see KeyspaceSubscription.RenewAsync): prove it now.
            _gaps.Record("subscription connection restored");
            _guard.CheckSoon();
            return;
        }
        _reachability.Answered();
        // A restarted server or a promoted replica may not carry the flags: check again, off the event thread.
        if (e.EndPoint is null)
        {
            return;
        }
        var node = _nodes.At(e.EndPoint);
        _ = Task.Run(() => RecheckNotificationsAsync(node), CancellationToken.None);
    }

    private async Task RecheckNotificationsAsync(RedisNode node)
    {
        try
        {
            await node.EnsureNotificationsAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (RedisSetupException e)
        {
            WatcherLog.SetupFailed(_logger, e.Message);
        }
        catch (RedisException e)
        {
            WatcherLog.RedisFailed(_logger, "notification re-check", e);
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
        await _subscriptions.DisposeAsync().ConfigureAwait(false);
        await _nodes.DisposeAsync().ConfigureAwait(false);
        _reconcile.Complete();
        _reconcile.Dispose();
        _stopping.Dispose();
    }
}
