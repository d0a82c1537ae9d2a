using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using StreamDrift.Redis.Sentinel;

namespace StreamDrift.Redis;

/// <summary>
/// The store's nodes, one <see cref="RedisNode"/> per endpoint kept for the watcher's life (so per-node figures
/// survive between calls), and the topology they form now. <see cref="RefreshAsync"/> follows it: in a cluster it
/// reads CLUSTER NODES and makes the connection reconfigure when the primaries named there differ from the ones
/// it knows (a failover, a primary added or removed); a primary that answers ROLE as a replica (demoted) also
/// forces a reconfigure. Behind Sentinel (<see cref="FollowSentinels"/>) the sentinels name the nodes instead, each
/// reached on a connection of its own (<see cref="SentinelNodes"/>).
/// </summary>
internal sealed class StoreNodes(IConnectionMultiplexer connection, StoreWatcherOptions options, TimeProvider time, ILogger logger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, RedisNode> _nodes = new(StringComparer.Ordinal);
    private volatile string[] _primaries = [];
    private volatile string[] _clusterPrimaries = [];
    private SentinelNodes? _sentinels;

    /// <summary>True behind Sentinel: every node has its own connection (and its own keyspace subscription).</summary>
    public bool PerNodeConnections => _sentinels is not null;

    /// <summary>
    /// Switches to the sentinels' view: the primary is the one they name at every look, not what the client
    /// library believes. Call before the first <see cref="RefreshAsync"/>. Connection events of the primary's own
    /// connection (and every node's reconnects) go to the handlers.
    /// </summary>
    public void FollowSentinels(
        SentinelMaster master, EventHandler<ConnectionFailedEventArgs> onFailed, EventHandler<ConnectionFailedEventArgs> onRestored) =>
        _sentinels = new SentinelNodes(master, NodeNamed, onFailed, onRestored, time);

    /// <summary>The primaries as of the last <see cref="RefreshAsync"/> (or the connection's view before the first).</summary>
    public IReadOnlyList<string> PrimaryNames => _primaries;

    /// <summary>
    /// Every connected primary; throws <see cref="RedisConnectionException"/> when there is none, or when a
    /// cluster primary that owns slots is not connected (a scan without it would undercount).
    /// </summary>
    public IReadOnlyList<RedisNode> Primaries()
    {
        if (_sentinels is not null)
        {
            return _sentinels.Primaries();
        }
        var primaries = new List<RedisNode>();
        foreach (var server in connection.GetServers())
        {
            if (!server.IsReplica && server.IsConnected)
            {
                primaries.Add(Node(server));
            }
        }
        foreach (var expected in _clusterPrimaries)
        {
            if (!primaries.Exists(p => p.Name == expected))
            {
                throw Unavailable($"cluster primary {expected} is not connected");
            }
        }
        if (primaries.Count == 0)
        {
            throw Unavailable("no primary Redis server is connected");
        }
        return primaries;
    }

    /// <summary>Every connected node, replicas included (their flags are merged beforehand, so a promotion starts with them).</summary>
    public IReadOnlyList<RedisNode> Connected() =>
        _sentinels?.Connected() ?? [.. connection.GetServers().Where(s => s.IsConnected).Select(Node)];

    /// <summary>All nodes ever seen, for per-node metrics.</summary>
    public IReadOnlyCollection<RedisNode> Known => [.. _nodes.Values];

    public RedisNode At(EndPoint endPoint) => _sentinels is not null ? NodeNamed(Name(endPoint)) : Node(connection.GetServer(endPoint));

    /// <summary>
    /// Compares the topology with the one last seen and makes the connection catch up with it. Returns the
    /// change (primaries that joined and left), or null when the primaries are the same.
    /// </summary>
    public async Task<TopologyChange?> RefreshAsync(CancellationToken cancellationToken)
    {
        if (_sentinels is not null)
        {
            return await _sentinels.RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
        var servers = connection.GetServers();
        var cluster = Array.Find(servers, s => s.IsConnected && s.ServerType == ServerType.Cluster);
        if (cluster is not null)
        {
            var named = await ClusterPrimariesAsync(cluster).ConfigureAwait(false);
            _clusterPrimaries = named;
            if (!SameSet(named, LibraryPrimaries(servers)))
            {
                await connection.ConfigureAsync().ConfigureAwait(false);
            }
        }
        else if (await AnyPrimaryDemotedAsync(servers).ConfigureAwait(false))
        {
            await connection.ConfigureAsync().ConfigureAwait(false);
        }
        cancellationToken.ThrowIfCancellationRequested();
        var now = LibraryPrimaries(connection.GetServers());
        // Roles are refreshed at every look, not only when the primaries change: a server the library has not
        // connected yet reports IsReplica false, so until it is connected its role is unknown, not "primary".
        foreach (var server in connection.GetServers())
        {
            Node(server).Role = !server.IsConnected ? "unknown" : server.IsReplica ? "replica" : "primary";
        }
        var before = _primaries;
        if (SameSet(now, before))
        {
            return null;
        }
        _primaries = now;
        return new TopologyChange([.. now.Except(before, StringComparer.Ordinal)], [.. before.Except(now, StringComparer.Ordinal)], time.GetUtcNow());
    }

    // The node kept for this endpoint, pointed at the server object the connection holds now.
    private RedisNode Node(IServer server)
    {
        var node = _nodes.GetOrAdd(Name(server.EndPoint), name => new RedisNode(name, options, time, logger));
        node.Server = server;
        return node;
    }

    // Behind Sentinel the node's server object is its own connection's, set once by SentinelNodes.
    private RedisNode NodeNamed(string name) => _nodes.GetOrAdd(name, n => new RedisNode(n, options, time, logger));

    private static string[] LibraryPrimaries(IServer[] servers) =>
        [.. servers.Where(s => s.IsConnected && !s.IsReplica).Select(s => Name(s.EndPoint)).Order(StringComparer.Ordinal)];

    // Primaries that own slots and are not failing, as the cluster itself says now.
    private static async Task<string[]> ClusterPrimariesAsync(IServer server)
    {
        var configuration = await server.ClusterNodesAsync().ConfigureAwait(false);
        if (configuration is null)
        {
            return [];
        }
        return [.. configuration.Nodes
            .Where(n => !n.IsReplica && !n.IsNoAddr && n.Slots.Count > 0 && n.EndPoint is not null && !n.IsFail)
            .Select(n => Name(n.EndPoint!))
            .Order(StringComparer.Ordinal)];
    }

    private static async Task<bool> AnyPrimaryDemotedAsync(IServer[] servers)
    {
        foreach (var server in servers)
        {
            if (server.IsReplica || !server.IsConnected || server.ServerType == ServerType.Sentinel)
            {
                continue;
            }
            var role = await server.RoleAsync().ConfigureAwait(false);
            if (role is Role.Replica)
            {
                return true;
            }
        }
        return false;
    }

    private static bool SameSet(string[] a, string[] b) => a.AsSpan().SequenceEqual(b);

    public static string Name(EndPoint endPoint) => EndPointCollection.ToString(endPoint);

    /// <summary>Closes the nodes' own connections (behind Sentinel).</summary>
    public ValueTask DisposeAsync() => _sentinels?.DisposeAsync() ?? ValueTask.CompletedTask;

    internal static RedisConnectionException Unavailable(string message) =>
        new(ConnectionFailureType.UnableToConnect, CommandFlags.None, message, null, CommandStatus.Unknown);
}
