using System.Diagnostics;
using StackExchange.Redis;
using StreamDrift.Redis.Local;

namespace StreamDrift.Redis.Tests.Local;

public class LocalRedisServerTests
{
    [Fact]
    public async Task StartAsync_RunsAPrivateServerWithNotifications_AndDisposeKillsIt()
    {
        int pid;
        string directory;
        var options = new LocalRedisServerOptions { KeyspaceNotifications = true, Arguments = ["--maxmemory", "8mb", "--maxmemory-policy", "allkeys-lru"] };
        await using (var server = await LocalRedisServer.StartAsync(options, TimeProvider.System))
        {
            await using var mux = await ConnectionMultiplexer.ConnectAsync($"{server.Endpoint},allowAdmin=true");
            var config = mux.GetServer(server.Endpoint).ConfigGet("*");
            var values = config.ToDictionary(p => p.Key, p => p.Value);
            foreach (var flag in "gxe$hn")
            {
                Assert.Contains(flag, values["notify-keyspace-events"]);
            }
            Assert.Equal("allkeys-lru", values["maxmemory-policy"]);
            Assert.Equal((8 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture), values["maxmemory"]);
            pid = (int)InfoField(await InfoAsync(mux, "server"), "process_id");
            Assert.Equal(server.ProcessId, pid);
            directory = server.Directory;
            Assert.True(Directory.Exists(directory));
        }

        Assert.Throws<ArgumentException>(() => Process.GetProcessById(pid));
        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public async Task StartAsync_WithoutNotifications_LeavesTheFlagsToTheWatcher()
    {
        await using var server = await LocalRedisServer.StartAsync(new LocalRedisServerOptions(), TimeProvider.System);
        await using var mux = await ConnectionMultiplexer.ConnectAsync($"{server.Endpoint},allowAdmin=true");

        Assert.Equal("", mux.GetServer(server.Endpoint).ConfigGet("notify-keyspace-events").Single().Value);
    }

    [Fact]
    public async Task StartAsync_ConfigLines_StartAClusterNodeWithItsOwnNodesFile()
    {
        await using var server = await LocalRedisServer.StartAsync(
            new LocalRedisServerOptions { ConfigLines = ["cluster-enabled yes", "cluster-node-timeout 2000"] }, TimeProvider.System);
        await using var mux = await ConnectionMultiplexer.ConnectAsync($"{server.Endpoint},allowAdmin=true");

        Assert.Equal(1, InfoField(await InfoAsync(mux, "cluster"), "cluster_enabled"));
        Assert.True(File.Exists(Path.Combine(server.Directory, "nodes.conf")));
    }

    [Fact]
    public async Task StartAsync_Sentinel_MonitorsTheConfiguredPrimary()
    {
        await using var primary = await LocalRedisServer.StartAsync(new LocalRedisServerOptions(), TimeProvider.System);
        await using var sentinel = await LocalRedisServer.StartAsync(
            new LocalRedisServerOptions { Sentinel = true, ConfigLines = [$"sentinel monitor shop 127.0.0.1 {primary.Port} 1"] }, TimeProvider.System);
        // A sentinel knows only the Sentinel commands: the client must not send its usual handshake ones.
        await using var mux = await ConnectionMultiplexer.ConnectAsync(
            new ConfigurationOptions { EndPoints = { sentinel.Endpoint }, CommandMap = CommandMap.Sentinel, TieBreaker = "", AllowAdmin = true });

        var reply = await mux.GetServer(sentinel.Endpoint).ExecuteAsync("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "shop");

        var address = (RedisResult[])reply!;
        Assert.Equal("127.0.0.1", (string?)address[0]);
        Assert.Equal(primary.Port, (int)address[1]);
    }

    [Fact]
    public async Task StartAsync_Arguments_StartAReplicaOfAnotherServer()
    {
        await using var primary = await LocalRedisServer.StartAsync(new LocalRedisServerOptions(), TimeProvider.System);
        await using var replica = await LocalRedisServer.StartAsync(
            new LocalRedisServerOptions { Arguments = ["--replicaof", "127.0.0.1", primary.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)] },
            TimeProvider.System);
        await using var mux = await ConnectionMultiplexer.ConnectAsync($"{replica.Endpoint},allowAdmin=true");

        var replication = await InfoAsync(mux, "replication");

        Assert.Contains("role:slave", replication, StringComparison.Ordinal);
        Assert.Equal(primary.Port, InfoField(replication, "master_port"));
    }

    private static async Task<string> InfoAsync(ConnectionMultiplexer mux, string section) =>
        (await mux.GetServers()[0].InfoRawAsync(section))!;

    private static long InfoField(string info, string field) =>
        info.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith(field + ":", StringComparison.Ordinal))
            .Select(l => long.Parse(l[(field.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture)).Single();
}
