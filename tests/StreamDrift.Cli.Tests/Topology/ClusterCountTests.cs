using System.Diagnostics;
using System.Text.Json;
using StreamDrift.TestSupport;

namespace StreamDrift.Cli.Tests.Topology;

/// <summary>
/// <c>streamdrift count</c>, the built executable, on a real 3-primary, 3-replica cluster holding a million session
/// keys over every slot among other keys: exact on the primaries, exact on one replica of each shard, and a shard
/// without a live replica falls back to its primary and says so.
/// </summary>
public class ClusterCountTests
{
    private const int Sessions = 1_000_000;

    // Nothing here fails over: a node busy writing a million keys on a loaded host must not be taken for failed
    // (the default of the test clusters, 2 s, makes the cluster go down under the filler at load 20 on 2 cores).
    private static readonly string[] Patient = ["--cluster-node-timeout", "30000"];

    [Fact]
    public async Task Count_OneMillionSessionKeysOverTheSlots_IsExact_OnThePrimariesAndOnTheReplicas()
    {
        await using var cluster = await RedisCluster.StartAsync(3, Patient);
        string[] primaries;
        Dictionary<string, string> replicaOf;
        await using (var connection = await cluster.ConnectAsync())
        {
            await Task.WhenAll(
                ClusterFiller.FillAsync(connection, "sess:", Sessions),
                ClusterFiller.FillAsync(connection, "cache:", 300_000));
            var db = connection.GetDatabase();
            await db.StringSetAsync("sess", "no colon: not under the prefix");
            await db.StringSetAsync("Sess:1", "case matters");
            await ClusterFiller.UntilReplicasCaughtUpAsync(connection, Eventually.DefaultDeadline);
            primaries = [.. await cluster.PrimariesAsync()];
            replicaOf = await ReplicasAsync(connection);
        }
        // Two seeds, neither of them necessarily a primary: the topology is discovered.
        string[] seeds = ["--redis", cluster.Nodes[0].Endpoint, "--redis", cluster.Nodes[4].Endpoint];

        var onPrimaries = await CountAsync([.. seeds, "--prefix", "sess:", "--json"]);
        var onReplicas = await CountAsync([.. seeds, "--prefix", "sess:", "--json", "--replicas"]);

        Assert.Equal(Sessions, onPrimaries.GetProperty("count").GetInt64());
        Assert.Equal(3, onPrimaries.GetProperty("servers").GetInt32());
        var primaryNodes = onPrimaries.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal(primaries.Order(), primaryNodes.Select(n => n.GetProperty("node").GetString()!).Order());
        Assert.All(primaryNodes, n => Assert.Equal("primary", n.GetProperty("role").GetString()));
        Assert.All(primaryNodes, n => Assert.Equal("script", n.GetProperty("mode").GetString()));
        // Spread over the slots: every shard holds about a third.
        Assert.All(primaryNodes, n => Assert.InRange(n.GetProperty("count").GetInt64(), Sessions / 4, Sessions / 2));

        Assert.Equal(Sessions, onReplicas.GetProperty("count").GetInt64());
        var replicaNodes = onReplicas.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal(3, replicaNodes.Count);
        Assert.All(replicaNodes, n =>
        {
            Assert.Equal("replica", n.GetProperty("role").GetString());
            Assert.Equal(replicaOf[n.GetProperty("node").GetString()!], n.GetProperty("shard").GetString());
            Assert.False(n.TryGetProperty("note", out _));
        });
        // Each replica's count is its primary's.
        foreach (var replica in replicaNodes)
        {
            var shard = replica.GetProperty("shard").GetString();
            Assert.Equal(primaryNodes.Single(p => p.GetProperty("node").GetString() == shard).GetProperty("count").GetInt64(), replica.GetProperty("count").GetInt64());
        }
    }

    [Fact]
    public async Task Count_Replicas_AShardWhoseReplicaIsDown_IsCountedOnItsPrimary_AndTheJsonSaysSo()
    {
        await using var cluster = await RedisCluster.StartAsync(3, Patient);
        string lonely;
        await using (var connection = await cluster.ConnectAsync())
        {
            await ClusterFiller.FillAsync(connection, "sess:", 30_000);
            await ClusterFiller.UntilReplicasCaughtUpAsync(connection, Eventually.DefaultDeadline);
            var (replica, primary) = (await ReplicasAsync(connection)).First();
            lonely = primary;
            var dead = cluster.Nodes.Single(n => n.Endpoint == replica);
            Process.GetProcessById(dead.ProcessId).Kill();
        }

        var json = await CountAsync(["--redis", lonely, "--prefix", "sess:", "--json", "--replicas"]);

        Assert.Equal(30_000, json.GetProperty("count").GetInt64());
        var nodes = json.GetProperty("nodes").EnumerateArray().ToList();
        var fallback = Assert.Single(nodes, n => n.GetProperty("role").GetString() == "primary");
        Assert.Equal(lonely, fallback.GetProperty("node").GetString());
        Assert.Contains("counted on the primary", fallback.GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, nodes.Count(n => n.GetProperty("role").GetString() == "replica"));
    }

    // Replica endpoint -> its primary's endpoint, as CLUSTER NODES says.
    private static async Task<Dictionary<string, string>> ReplicasAsync(StackExchange.Redis.IConnectionMultiplexer connection)
    {
        var nodes = (await connection.GetServers().First(s => s.IsConnected).ClusterNodesAsync())!.Nodes;
        return nodes.Where(n => n.IsReplica).ToDictionary(
            n => StackExchange.Redis.EndPointCollection.ToString(n.EndPoint!),
            n => StackExchange.Redis.EndPointCollection.ToString(nodes.Single(p => p.NodeId == n.ParentNodeId).EndPoint!));
    }

    private static async Task<JsonElement> CountAsync(string[] args)
    {
        var result = await StreamDriftExecutable.RunAsync(["count", .. args], TimeSpan.FromSeconds(90));
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.StandardError}");
        var line = Assert.Single(result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        return JsonDocument.Parse(line).RootElement.Clone();
    }
}
