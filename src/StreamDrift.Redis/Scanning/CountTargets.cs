using StackExchange.Redis;

namespace StreamDrift.Redis.Scanning;

/// <summary>
/// Which servers a count scans: one per shard. In a cluster the shards are the primaries that own slots as CLUSTER
/// NODES says now (seeds only lead there); otherwise every connected primary is its own shard. With replicas asked
/// for, each shard is scanned on one of its replicas whose link to the primary is up, so the primaries carry no
/// scan at all; a shard without such a replica falls back to its primary, and the target says why.
/// </summary>
public static class CountTargets
{
    public static async Task<IReadOnlyList<CountTarget>> SelectAsync(IConnectionMultiplexer connection, bool replicas)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var servers = connection.GetServers();
        var cluster = Array.Find(servers, s => s.IsConnected && s.ServerType == ServerType.Cluster);
        return cluster is not null
            ? await ClusterAsync(connection, cluster, replicas).ConfigureAwait(false)
            : await StandaloneAsync(servers, replicas).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<CountTarget>> ClusterAsync(IConnectionMultiplexer connection, IServer any, bool replicas)
    {
        var configuration = await any.ClusterNodesAsync().ConfigureAwait(false)
            ?? throw Unavailable($"CLUSTER NODES gave no answer at {StoreNodes.Name(any.EndPoint)}");
        var targets = new List<CountTarget>();
        foreach (var shard in configuration.Nodes.Where(n => !n.IsReplica && n.Slots.Count > 0).OrderBy(n => n.EndPoint?.ToString(), StringComparer.Ordinal))
        {
            if (shard.EndPoint is null || shard.IsNoAddr || shard.IsFail)
            {
                // Its slots' keys would be missing: a count without them is not the count.
                throw Unavailable($"cluster primary {shard.NodeId} ({shard.EndPoint?.ToString() ?? "no address"}) is failing");
            }
            var primary = connection.GetServer(shard.EndPoint);
            var name = StoreNodes.Name(shard.EndPoint);
            if (replicas)
            {
                var candidates = shard.Children
                    .Where(c => c.EndPoint is not null && !c.IsFail && !c.IsPossiblyFail && !c.IsNoAddr)
                    .Select(c => connection.GetServer(c.EndPoint!))
                    .ToList();
                var (replica, note) = await ReplicaOfAsync(candidates).ConfigureAwait(false);
                if (replica is not null)
                {
                    targets.Add(new CountTarget(replica, StoreNodes.Name(replica.EndPoint), "replica", name, null));
                    continue;
                }
                targets.Add(await PrimaryTargetAsync(primary, name, note).ConfigureAwait(false));
                continue;
            }
            targets.Add(await PrimaryTargetAsync(primary, name, null).ConfigureAwait(false));
        }
        if (targets.Count == 0)
        {
            throw Unavailable("the cluster names no primary that owns slots");
        }
        return targets;
    }

    private static async Task<IReadOnlyList<CountTarget>> StandaloneAsync(IServer[] servers, bool replicas)
    {
        var targets = new List<CountTarget>();
        var primaries = servers.Where(s => s.IsConnected && !s.IsReplica && s.ServerType != ServerType.Sentinel).ToList();
        foreach (var primary in primaries)
        {
            var name = StoreNodes.Name(primary.EndPoint);
            if (!replicas)
            {
                targets.Add(await PrimaryTargetAsync(primary, name, null).ConfigureAwait(false));
                continue;
            }
            // Outside a cluster a replica names its primary in INFO replication (master_host, master_port).
            var candidates = new List<IServer>();
            foreach (var server in servers.Where(s => s.IsConnected && s.IsReplica))
            {
                var info = await server.InfoRawAsync("replication").ConfigureAwait(false) ?? "";
                if (ReplicationInfo.PrimaryOf(info) is { } of && SameEndpoint(of, primary))
                {
                    candidates.Add(server);
                }
            }
            var (replica, note) = await ReplicaOfAsync(candidates).ConfigureAwait(false);
            targets.Add(replica is not null ? new CountTarget(replica, StoreNodes.Name(replica.EndPoint), "replica", name, null) : await PrimaryTargetAsync(primary, name, note).ConfigureAwait(false));
        }
        if (targets.Count == 0)
        {
            throw Unavailable("no primary Redis server is connected");
        }
        return targets;
    }

    // The first replica that answers and whose link to its primary is up (a replica with its link down serves an
    // old keyspace); else null and why. A replica the client is still connecting to (a loaded host, a cluster
    // discovered from one seed) is asked too, connected ones first; one that does not answer is passed over.
    private static async Task<(IServer? Replica, string Note)> ReplicaOfAsync(IReadOnlyList<IServer> candidates)
    {
        if (candidates.Count == 0)
        {
            return (null, "no replica: counted on the primary");
        }
        foreach (var candidate in candidates.OrderByDescending(c => c.IsConnected))
        {
            try
            {
                var info = await candidate.InfoRawAsync("replication").ConfigureAwait(false) ?? "";
                if (ReplicationInfo.LinkUp(info))
                {
                    return (candidate, "");
                }
            }
            catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException)
            {
                // Down or unreachable: another replica, or the primary.
            }
        }
        return (null, "no replica answering with its link to the primary up: counted on the primary");
    }

    // A primary the client is still connecting to is asked once; one that does not answer stops the count.
    private static async Task<CountTarget> PrimaryTargetAsync(IServer primary, string name, string? note)
    {
        if (!primary.IsConnected)
        {
            try
            {
                await primary.PingAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException)
            {
                throw Unavailable($"primary {name} is not connected");
            }
        }
        return new CountTarget(primary, name, "primary", name, note);
    }

    private static bool SameEndpoint(string hostPort, IServer server) =>
        string.Equals(hostPort, StoreNodes.Name(server.EndPoint), StringComparison.OrdinalIgnoreCase);

    private static RedisConnectionException Unavailable(string message) =>
        new(ConnectionFailureType.UnableToConnect, CommandFlags.None, message, null, CommandStatus.Unknown);
}
