using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using StreamDrift.Core.Layouts;
using StreamDrift.Core.Signals;
using StreamDrift.Redis.Scanning;

namespace StreamDrift.Redis;

/// <summary>
/// One node of a store (a primary, or a replica whose flags are merged beforehand) and what the watcher does
/// on it: merge the notification flags, sample INFO, scan the prefixes. Kept per endpoint by
/// <see cref="StoreNodes"/> for the watcher's life, so its last figures (keys scanned, INFO) are the per-node
/// metrics; the store-wide collaborators (<see cref="InfoSampler"/>, <see cref="ReconcileLoop"/>) fan out over
/// the primaries and sum, so a cluster reads as one store.
/// </summary>
internal sealed class RedisNode(string name, StoreWatcherOptions options, TimeProvider time, ILogger logger)
{
    private volatile IServer? _server;
    private volatile RedisHealth? _lastHealth;
    private volatile string _role = "primary";
    private volatile bool _scanOnly;
    private long _scannedKeys = -1;

    public string Name { get; } = name;

    /// <summary>The connection's server object for this endpoint, as last resolved (also for <see cref="SubscriptionVerifier"/>).</summary>
    public IServer Server
    {
        get => _server ?? throw new InvalidOperationException($"node {Name} has no server yet");
        set => _server = value;
    }

    /// <summary>The subscriber of the connection this node's server belongs to (behind Sentinel: the node's own).</summary>
    public ISubscriber Subscriber => Server.Multiplexer.GetSubscriber();

    /// <summary>"primary", "replica", or "unknown" while the client has no connection to it, as of the last topology look.</summary>
    public string Role
    {
        get => _role;
        set => _role = value;
    }

    /// <summary>
    /// True while the node may not be given the notification flags (CONFIG refused: an ACL, a managed service): as a
    /// primary it is counted by its reconcile scans alone, and events from its slots are left out of the live count.
    /// </summary>
    public bool ScanOnly
    {
        get => _scanOnly;
        set => _scanOnly = value;
    }

    /// <summary>Session keys the last reconcile found on this node; -1 before the first.</summary>
    public long ScannedKeys => Interlocked.Read(ref _scannedKeys);

    public RedisHealth? LastHealth => _lastHealth;

    /// <summary>Merges the flags the counting needs into the node's notify-keyspace-events (see <see cref="NotificationConfigurator"/>).</summary>
    public async Task EnsureNotificationsAsync(CancellationToken cancellationToken)
    {
        var added = await NotificationConfigurator.EnsureAsync(Server, options.ConfigureNotifications, cancellationToken).ConfigureAwait(false);
        if (added.Length != 0)
        {
            WatcherLog.FlagsAdded(logger, Name, added);
        }
    }

    /// <summary>
    /// Re-checks the flags mid-run (another client may have run CONFIG SET notify-keyspace-events): returns the
    /// flags that had to be restored, empty when all were there. Events published while they were off are lost.
    /// </summary>
    public Task<string> RestoreNotificationsAsync(CancellationToken cancellationToken) =>
        NotificationConfigurator.EnsureAsync(Server, options.ConfigureNotifications, cancellationToken);

    /// <summary>
    /// Calls so far of the commands that change keys without per-key events (SWAPDB, FLUSHDB, FLUSHALL), from
    /// INFO commandstats: a rise between two samples means the count cannot be trusted.
    /// </summary>
    public async Task<long> SilentKeyspaceChangesAsync()
    {
        var info = await Server.InfoRawAsync("commandstats").ConfigureAwait(false) ?? "";
        return InfoParser.SilentKeyspaceCommandCalls(info);
    }

    /// <summary>The node's INFO figures for the watched DB, stamped <paramref name="sampledAt"/> (rates are the sampler's).</summary>
    public async Task<RedisHealth> SampleInfoAsync(DateTimeOffset sampledAt)
    {
        var info = await Server.InfoRawAsync().ConfigureAwait(false) ?? "";
        var health = InfoParser.Parse(info, options.Database, sampledAt);
        _lastHealth = health;
        return health;
    }

    /// <summary>
    /// SCANs every prefix on this node, paced (<see cref="StoreWatcherOptions.ReconcilePacing"/>) from the server
    /// time of its own pages, counted on the server where scripting is allowed. Only keys <paramref name="rules"/>
    /// call sessions are counted and sampled. Returns the tally and the mode.
    /// </summary>
    public async Task<(ScanTally Tally, ServerPageScanner Scanner)> ScanAsync(
        SessionKeyRules rules, PacedScanSinks sinks, CancellationToken cancellationToken)
    {
        var scanner = new ServerPageScanner(Server, options.Database, time, rules: rules);
        var pacer = new ScanPacer(options.ReconcilePacing);
        var tally = default(ScanTally);
        foreach (var prefix in rules.Prefixes)
        {
            tally += await PacedScan.RunAsync(scanner, prefix, pacer, time, sinks, cancellationToken).ConfigureAwait(false);
        }
        Interlocked.Exchange(ref _scannedKeys, tally.Keys);
        return (tally, scanner);
    }
}
