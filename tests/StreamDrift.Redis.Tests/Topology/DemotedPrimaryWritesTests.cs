using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using StackExchange.Redis;
using StreamDrift.TestSupport;

namespace StreamDrift.Redis.Tests.Topology;

/// <summary>
/// Issue 11: an application still writing to a demoted primary gets READONLY there. The watcher follows the
/// primary, so those refusals happen on a node it only knows as a replica: its INFO errorstats must still reach
/// the store's health, where the classifier reads them as SESSION_WRITES_FAILING evidence.
/// </summary>
public class DemotedPrimaryWritesTests
{
    [Fact]
    public async Task WritesRefusedWithReadOnly_OnAReplica_ReachTheStoresHealth()
    {
        await using var primary = await RedisServer.StartAsync();
        await using var replica = await RedisServer.StartAsync("--replicaof", "127.0.0.1", primary.Port.ToString(CultureInfo.InvariantCulture));
        await using var connection = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
        {
            EndPoints = { primary.Endpoint, replica.Endpoint },
            AllowAdmin = true,
        });
        await using var watcher = await WatcherFactory.StartAsync(connection, WatcherFactory.Options("sess:"));
        await Eventually.Until(() => watcher.LastReconcile is not null && watcher.LastHealth is not null, Eventually.DefaultDeadline, "the watcher seeded and sampled INFO");
        Assert.Equal(0, watcher.LastHealth!.ReadOnlyErrorsTotal);

        // The application's connection to the old address, over a plain socket (StackExchange.Redis itself refuses
        // to send a write to a node it knows as a replica): every session write is refused.
        using (var app = new TcpClient())
        {
            await app.ConnectAsync(IPAddress.Loopback, replica.Port);
            var stream = app.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII);
            for (var i = 0; i < 25; i++)
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"SET sess:{i} x\r\n"));
                Assert.StartsWith("-READONLY", await reader.ReadLineAsync(), StringComparison.Ordinal);
            }
        }

        await Eventually.Until(() => watcher.LastHealth is { ReadOnlyErrorsTotal: 25 }, Eventually.DefaultDeadline,
            () => $"READONLY refusals in the store's health: {watcher.LastHealth?.ReadOnlyErrorsTotal}");
        Assert.Equal("master", watcher.LastHealth!.Role);
    }
}
