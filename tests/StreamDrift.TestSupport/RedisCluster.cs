using System.Globalization;
using StackExchange.Redis;
using StreamDrift.Redis.Local;

namespace StreamDrift.TestSupport;

/// <summary>
/// A real Redis Cluster owned by one test: redis-server processes in cluster mode on free loopback ports, joined
/// by <c>redis-cli --cluster create</c> (primaries plus one replica each), with helpers for the operations the
/// topology tests drive: failover, reshard, adding a primary and rebalancing. Killed on dispose.
/// </summary>
public sealed class RedisCluster : IAsyncDisposable
{
    private static readonly TimeSpan CliTimeout = TimeSpan.FromMinutes(3);
    private readonly List<RedisServer> _nodes;
    private readonly string[] _extraArgs;

    private RedisCluster(List<RedisServer> nodes, string[] extraArgs)
    {
        _nodes = nodes;
        _extraArgs = extraArgs;
    }

    public IReadOnlyList<RedisServer> Nodes => _nodes;

    public IEnumerable<string> Endpoints => _nodes.Select(n => n.Endpoint);

    /// <summary>Starts <paramref name="primaries"/> primaries and as many replicas, and waits until the cluster is ok everywhere.</summary>
    public static async Task<RedisCluster> StartAsync(int primaries = 3, params string[] extraArgs)
    {
        var starts = Enumerable.Range(0, primaries * 2).Select(_ => StartNodeAsync(extraArgs));
        var nodes = (await Task.WhenAll(starts).ConfigureAwait(false)).ToList();
        var cluster = new RedisCluster(nodes, extraArgs);
        try
        {
            await RedisCli.RunAsync(CliTimeout, ["--cluster", "create", .. cluster.Endpoints, "--cluster-replicas", "1", "--cluster-yes"]).ConfigureAwait(false);
            await cluster.WaitUntilStableAsync().ConfigureAwait(false);
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return cluster;
    }

    /// <summary>A cluster-aware multiplexer seeded with one node; the caller disposes it.</summary>
    public Task<ConnectionMultiplexer> ConnectAsync() => ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
    {
        EndPoints = { _nodes[0].Endpoint },
        AllowAdmin = true,
        AbortOnConnectFail = false,
        ConnectTimeout = 5000,
        SyncTimeout = 30000,
        AsyncTimeout = 30000,
    });

    /// <summary>The endpoints of the primaries owning slots, as the cluster says now.</summary>
    public async Task<IReadOnlyList<string>> PrimariesAsync()
    {
        var nodes = await ClusterNodesAsync().ConfigureAwait(false);
        return [.. nodes.Where(n => n.Primary && n.Slots > 0).Select(n => n.Endpoint)];
    }

    /// <summary>Makes a replica of <paramref name="primary"/> take over with CLUSTER FAILOVER; returns the new primary.</summary>
    public async Task<string> FailoverAsync(string primary)
    {
        var nodes = await ClusterNodesAsync().ConfigureAwait(false);
        var id = nodes.Single(n => n.Endpoint == primary).Id;
        var replica = nodes.First(n => n.PrimaryId == id).Endpoint;
        await Cli(replica, "CLUSTER", "FAILOVER").ConfigureAwait(false);
        await WaitAsync(async () => (await PrimariesAsync().ConfigureAwait(false)).Contains(replica)).ConfigureAwait(false);
        await WaitUntilStableAsync().ConfigureAwait(false);
        return replica;
    }

    /// <summary>Moves <paramref name="slots"/> slots with their keys from one primary to another (redis-cli --cluster reshard).</summary>
    public async Task ReshardAsync(string from, string to, int slots)
    {
        var nodes = await ClusterNodesAsync().ConfigureAwait(false);
        await RedisCli.RunAsync(CliTimeout,
            "--cluster", "reshard", from, "--cluster-from", nodes.Single(n => n.Endpoint == from).Id,
            "--cluster-to", nodes.Single(n => n.Endpoint == to).Id, "--cluster-slots", slots.ToString(CultureInfo.InvariantCulture),
            "--cluster-yes", "--cluster-pipeline", "100").ConfigureAwait(false);
        await WaitUntilStableAsync().ConfigureAwait(false);
    }

    /// <summary>Starts a node, adds it as an empty primary and rebalances some slots (with their keys) onto it; returns its endpoint.</summary>
    public async Task<string> AddPrimaryAndRebalanceAsync()
    {
        var node = await StartNodeAsync(_extraArgs).ConfigureAwait(false);
        _nodes.Add(node);
        await RedisCli.RunAsync(CliTimeout, "--cluster", "add-node", node.Endpoint, _nodes[0].Endpoint).ConfigureAwait(false);
        await WaitUntilStableAsync().ConfigureAwait(false);
        // A light weight for the newcomer (about 500 slots) keeps the rebalance, one MIGRATE step per slot, short enough for CI.
        var id = (await Cli(node.Endpoint, "CLUSTER", "MYID").ConfigureAwait(false)).Trim();
        await RedisCli.RunAsync(CliTimeout,
            "--cluster", "rebalance", _nodes[0].Endpoint, "--cluster-use-empty-masters", "--cluster-weight", $"{id}=0.1", "--cluster-pipeline", "100").ConfigureAwait(false);
        await WaitUntilStableAsync().ConfigureAwait(false);
        return node.Endpoint;
    }

    /// <summary>Runs one command on one node with redis-cli.</summary>
    public static Task<string> Cli(string endpoint, params string[] command)
    {
        var (host, port) = Split(endpoint);
        return RedisCli.RunAsync(TimeSpan.FromSeconds(30), ["-h", host, "-p", port, .. command]);
    }

    private static (string Host, string Port) Split(string endpoint)
    {
        var colon = endpoint.LastIndexOf(':');
        return (endpoint[..colon], endpoint[(colon + 1)..]);
    }

    // Every node agrees the cluster is ok, knows every node, and every replica's link to its primary is up.
    private async Task WaitUntilStableAsync()
    {
        await WaitAsync(async () =>
        {
            foreach (var node in _nodes)
            {
                var info = await Cli(node.Endpoint, "CLUSTER", "INFO").ConfigureAwait(false);
                if (!info.Contains("cluster_state:ok", StringComparison.Ordinal)
                    || !info.Contains($"cluster_known_nodes:{_nodes.Count}", StringComparison.Ordinal))
                {
                    return false;
                }
                var replication = await Cli(node.Endpoint, "INFO", "replication").ConfigureAwait(false);
                if (replication.Contains("role:slave", StringComparison.Ordinal) && !replication.Contains("master_link_status:up", StringComparison.Ordinal))
                {
                    return false;
                }
            }
            return true;
        }).ConfigureAwait(false);
    }

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(90);
        while (!await condition().ConfigureAwait(false))
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException("the test cluster did not settle within 90 s");
            }
            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<NodeLine>> ClusterNodesAsync()
    {
        var text = await Cli(_nodes[0].Endpoint, "CLUSTER", "NODES").ConfigureAwait(false);
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(NodeLine.Parse)];
    }

    private static Task<RedisServer> StartNodeAsync(string[] extraArgs) => RedisServer.StartAsync(new LocalRedisServerOptions
    {
        ConfigLines = ["cluster-enabled yes", "cluster-node-timeout 2000"],
        Arguments = extraArgs,
    });

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed record NodeLine(string Id, string Endpoint, bool Primary, string PrimaryId, int Slots)
    {
        // <id> <ip:port@cport> <flags> <primary> <ping> <pong> <epoch> <state> <slot ranges...>
        public static NodeLine Parse(string line)
        {
            var f = line.Split(' ');
            var slots = 0;
            foreach (var range in f.Skip(8).Where(r => !r.StartsWith('[')))
            {
                var dash = range.IndexOf('-', StringComparison.Ordinal);
                slots += dash < 0 ? 1 : int.Parse(range[(dash + 1)..], CultureInfo.InvariantCulture) - int.Parse(range[..dash], CultureInfo.InvariantCulture) + 1;
            }
            return new NodeLine(f[0], f[1].Split('@')[0], f[2].Contains("master", StringComparison.Ordinal), f[3], slots);
        }
    }
}
