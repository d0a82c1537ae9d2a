using System.Globalization;
using StreamDrift.Cli.Tests.Metrics;
using StreamDrift.TestSupport;

namespace StreamDrift.Cli.Tests.Topology;

/// <summary>
/// <c>streamdrift run</c>, the built executable, on a real 3-primary, 3-replica cluster whose ACL user may not run
/// CONFIG on one primary: one log line names that node and the flags, it is counted by SCAN only,
/// and /metrics shows every node under a <c>node</c> label whose primaries sum to the store's own series.
/// </summary>
public class ClusterMetricsTests
{
    [Fact]
    public async Task Run_OnACluster_ExportsEveryNode_PrimariesSumToTheStore_AndTheScanOnlyPrimaryIsMarked()
    {
        await using var cluster = await RedisCluster.StartAsync(3);
        var refusing = (await cluster.PrimariesAsync())[2];
        foreach (var node in cluster.Endpoints)
        {
            await RedisCluster.Cli(node, "ACL", "SETUSER", "watcher", "on", ">pw", "~*", "&*", "+@all", node == refusing ? "-config" : "+config");
        }
        await using (var connection = await cluster.ConnectAsync())
        {
            await ClusterFiller.FillAsync(connection, "sess:", 30_000);
            await ClusterFiller.FillAsync(connection, "cache:", 10_000);
        }
        var port = FreePort.Next();
        await using var run = StreamDriftProcess.Start(
            ["run", "--redis", cluster.Nodes[0].Endpoint, "--users", "sim", "--kafka", "none", "--metrics-port", port.ToString(CultureInfo.InvariantCulture)],
            new Dictionary<string, string> { ["STREAMDRIFT_STORES__0__REDISUSER"] = "watcher", ["STREAMDRIFT_STORES__0__REDISPASSWORD"] = "pw" });
        using var http = new HttpClient();

        Dictionary<string, double> samples = [];
        await Eventually.Until(async () =>
        {
            try
            {
                samples = MetricsEndpointTests.ParseSamples(await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics")));
            }
            catch (HttpRequestException)
            {
                return false;
            }
            return Node(samples, "streamdrift_node_primary").Count == 6
                && samples.GetValueOrDefault("streamdrift_session_keys{store=\"default\"}") == 30_000
                && Node(samples, "streamdrift_node_db_keys").Values.Where(v => !double.IsNaN(v)).Sum() == 40_000;
        }, TimeSpan.FromSeconds(90), () => $"metrics: {string.Join("; ", samples.Where(s => s.Key.Contains("node", StringComparison.Ordinal) || s.Key.Contains("keys", StringComparison.Ordinal)))}\nlog: {run.StandardOutput}");

        var primary = Node(samples, "streamdrift_node_primary");
        Assert.Equal(3, primary.Values.Count(v => v == 1));
        Assert.Equal(3, primary.Values.Count(v => v == 0));
        // The store's series are the sums of its primaries'.
        Assert.Equal(samples["streamdrift_redis_db_keys{store=\"default\"}"], Node(samples, "streamdrift_node_db_keys").Values.Where(v => !double.IsNaN(v)).Sum());
        Assert.Equal(samples["streamdrift_session_keys{store=\"default\"}"], Node(samples, "streamdrift_node_session_keys").Values.Where(v => !double.IsNaN(v)).Sum());
        var scanOnly = Node(samples, "streamdrift_node_scan_only");
        Assert.Equal(1, scanOnly[refusing]);
        Assert.Equal(1, scanOnly.Values.Sum());
        // The log (standard output) carries it once, as a warning.
        var line = Assert.Single(run.StandardOutput.Split('\n'), l => l.Contains("counted by paced SCAN only", StringComparison.Ordinal));
        Assert.Contains(refusing, line, StringComparison.Ordinal);
        Assert.Contains("'Kngxe$h'", line, StringComparison.Ordinal);
        Assert.DoesNotContain("pw", line.Replace("NOPERM", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    // One family's series of store "default", by node.
    private static Dictionary<string, double> Node(Dictionary<string, double> samples, string family)
    {
        var prefix = family + "{store=\"default\",node=\"";
        return samples.Where(s => s.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(s => s.Key[prefix.Length..^2], s => s.Value);
    }
}
