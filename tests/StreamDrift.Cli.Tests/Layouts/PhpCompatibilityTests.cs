using StackExchange.Redis;
using StreamDrift.Core.Layouts;
using StreamDrift.TestSupport;

namespace StreamDrift.Cli.Tests.Layouts;

/// <summary>
/// PHP's built-in web server with the phpredis session handler (Debian php-cli + php-redis, installed by
/// tools/test.sh) and <c>redis.session.locking_enabled=1</c>, watched by the built <c>streamdrift run --layout php</c>.
/// </summary>
public class PhpCompatibilityTests
{
    [Fact]
    public async Task LayoutPhp_LiveCountEqualsTheTrueSessions_WhileLocksAreHeldAndAfterShoppersStop_AndNoAlert()
    {
        await using var redis = await RedisServer.StartAsync();
        using var mux = await redis.ConnectAsync();
        var port = FreePort.Next();
        await using var app = await StorefrontApp.StartAsync("php",
        [
            "-S", $"127.0.0.1:{port}", "-d", "session.save_handler=redis", "-d", $"session.save_path=tcp://{redis.Endpoint}",
            "-d", "redis.session.locking_enabled=1", "-d", "session.gc_maxlifetime=1800", "index.php",
        ], StorefrontApp.Directory("php"), port, new Dictionary<string, string> { ["PHP_CLI_SERVER_WORKERS"] = "4" });
        await using var run = await CompatibilityRun.StartAsync(redis.Endpoint, "php");
        var shoppers = ShoppingTrip.Shoppers(app.BaseAddress);
        try
        {
            var expected = await ShoppingTrip.RunAsync(shoppers, run, CancellationToken.None);
            var (sessions, _) = await ShoppingTrip.TruthAsync(mux, SessionLayouts.Php);
            Assert.Equal(expected, sessions);

            // A shopper still on the site holds the session's _LOCK key for the whole request: under the prefix,
            // and not a session.
            var holder = shoppers.First(s => s.Ending == ShopperEnding.Stays);
            var slow = holder.SlowAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
            await Eventually.Until(async () =>
                await LockKeysAsync(mux) == 1 && await run.SessionKeysAsync() == expected,
                TimeSpan.FromSeconds(8), () => $"locks {LockKeysAsync(mux).Result}, live count {run.SessionKeysAsync().Result} != {expected}");
            await slow;

            Assert.Equal(0, await LockKeysAsync(mux));
            await Eventually.Until(async () => await run.SessionKeysAsync() == expected, TimeSpan.FromSeconds(30),
                () => $"live count {run.SessionKeysAsync().Result} != {expected} sessions\n{run.Output}");
            await LayoutAssertions.ObservedWithoutAlertAsync(run, expected);
        }
        finally
        {
            shoppers.ForEach(s => s.Dispose());
        }
        Assert.Equal(0, await run.StopAsync());
    }

    private static async Task<int> LockKeysAsync(IConnectionMultiplexer mux)
    {
        var locks = 0;
        await foreach (var _ in mux.GetServers()[0].KeysAsync(0, "PHPREDIS_SESSION:*_LOCK"))
        {
            locks++;
        }
        return locks;
    }

}
