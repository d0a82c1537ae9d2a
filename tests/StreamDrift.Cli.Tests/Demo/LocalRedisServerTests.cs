using System.Diagnostics;
using StackExchange.Redis;
using StreamDrift.Cli.Demo;

namespace StreamDrift.Cli.Tests.Demo;

public class LocalRedisServerTests
{
    [Fact]
    public async Task StartAsync_RunsAPrivateServerWithNotifications_AndDisposeKillsIt()
    {
        int pid;
        await using (var server = await LocalRedisServer.StartAsync(TimeProvider.System, ["--maxmemory", "8mb", "--maxmemory-policy", "allkeys-lru"]))
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
            pid = (int)(long)(await mux.GetDatabase().ExecuteAsync("INFO", "server")).ToString()
                .Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("process_id:", StringComparison.Ordinal))
                .Select(l => long.Parse(l["process_id:".Length..], System.Globalization.CultureInfo.InvariantCulture)).Single();
        }

        Assert.Throws<ArgumentException>(() => Process.GetProcessById(pid));
    }
}
