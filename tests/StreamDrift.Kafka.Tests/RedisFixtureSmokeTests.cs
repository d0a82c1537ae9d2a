using StreamDrift.TestSupport;

namespace StreamDrift.Kafka.Tests;

public class RedisFixtureSmokeTests
{
    [Fact]
    public async Task RedisServer_StartsOnAFreePortAndAnswersPing()
    {
        await using var server = await RedisServer.StartAsync();
        await using var mux = await server.ConnectAsync();
        var latency = await mux.GetDatabase().PingAsync();
        Assert.True(latency < TimeSpan.FromSeconds(5));
    }
}
