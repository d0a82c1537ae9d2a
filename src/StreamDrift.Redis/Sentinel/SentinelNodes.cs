using System.Collections.Concurrent;
using StackExchange.Redis;

namespace StreamDrift.Redis.Sentinel;

/// <summary>
/// The store's nodes behind Sentinel, as the sentinels name them at every look (<see cref="RefreshAsync"/>): the
/// primary, and the replicas whose flags are merged beforehand. Each node has a connection of its own, so its
/// commands and its keyspace subscription reach that node and no other: a demoted primary, which as a replica
/// publishes keyspace events for every replicated write, is simply no longer subscribed, and a node the client
/// library never knew (a replica added later) is reached all the same. Connection events of the primary (and the
/// reconnects of every node, for the flags) are passed on to the watcher.
/// </summary>
internal sealed class SentinelNodes(
    SentinelMaster master, Func<string, RedisNode> nodeNamed, EventHandler<ConnectionFailedEventArgs> onFailed,
    EventHandler<ConnectionFailedEventArgs> onRestored, TimeProvider time) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ConnectionMultiplexer> _connections = new(StringComparer.Ordinal);
    private volatile string? _primary;

    /// <summary>The primary the sentinels named at the last look.</summary>
    public string? PrimaryName => _primary;

    /// <summary>The named primary; throws <see cref="RedisConnectionException"/> while it is not connected (mid-failover).</summary>
    public IReadOnlyList<RedisNode> Primaries()
    {
        var primary = _primary ?? throw StoreNodes.Unavailable($"no sentinel has named the primary of '{master.MasterName}' yet");
        if (!_connections.TryGetValue(primary, out var connection) || !connection.IsConnected)
        {
            throw StoreNodes.Unavailable($"the primary {primary} the sentinels name is not connected");
        }
        return [nodeNamed(primary)];
    }

    /// <summary>Every named node that is connected now, the primary first.</summary>
    public IReadOnlyList<RedisNode> Connected() =>
        [.. _connections.Where(c => c.Value.IsConnected).OrderBy(c => c.Key == _primary ? 0 : 1).Select(c => nodeNamed(c.Key))];

    /// <summary>
    /// Asks the sentinels for the primary and replicas, connects to any node not seen before, and refreshes the
    /// roles. Returns the change when the primary differs from the one named at the last look (never at the first).
    /// </summary>
    public async Task<TopologyChange?> RefreshAsync(CancellationToken cancellationToken)
    {
        var named = await master.PrimaryAsync().ConfigureAwait(false)
            ?? throw StoreNodes.Unavailable($"no sentinel answered for master '{master.MasterName}'");
        var replicas = await master.ReplicasAsync().ConfigureAwait(false);
        await ConnectAsync(named).ConfigureAwait(false);
        foreach (var replica in replicas)
        {
            await ConnectAsync(replica).ConfigureAwait(false);
        }
        cancellationToken.ThrowIfCancellationRequested();
        var before = _primary;
        if (before != named)
        {
            // The node's own connection may still take it for a replica (its role is read at connect): the
            // keyspace subscription and the scan script go only to what the library believes is a primary.
            await ReconfigureAsync(named).ConfigureAwait(false);
            _primary = named;
        }
        foreach (var (name, connection) in _connections)
        {
            nodeNamed(name).Role = !connection.IsConnected ? "unknown" : name == named ? "primary" : "replica";
        }
        return before is null || before == named ? null : new TopologyChange([named], [before], time.GetUtcNow());
    }

    private async Task ConnectAsync(string endpoint)
    {
        if (_connections.ContainsKey(endpoint))
        {
            return;
        }
        var connection = await master.ConnectNodeAsync(endpoint).ConfigureAwait(false);
        if (!_connections.TryAdd(endpoint, connection))
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            return;
        }
        nodeNamed(endpoint).Server = connection.GetServer(endpoint);
        connection.ConnectionFailed += (sender, e) =>
        {
            if (endpoint == _primary)
            {
                onFailed(sender, e);
            }
        };
        connection.ConnectionRestored += (sender, e) =>
        {
            // Every node's reconnect re-checks its flags (a restarted node has lost them); only the primary's
            // subscription matters to the count.
            if (endpoint == _primary || e.ConnectionType == ConnectionType.Interactive)
            {
                onRestored(sender, e);
            }
        };
    }

    private async Task ReconfigureAsync(string endpoint)
    {
        if (_connections.TryGetValue(endpoint, out var connection))
        {
            await connection.ConfigureAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections.Values)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        _connections.Clear();
    }
}
