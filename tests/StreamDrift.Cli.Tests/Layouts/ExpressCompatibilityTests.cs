using StreamDrift.Core.Layouts;
using StreamDrift.TestSupport;

namespace StreamDrift.Cli.Tests.Layouts;

/// <summary>
/// express-session + connect-redis (versions pinned in tests/compat/express/package-lock.json, installed by
/// tools/test.sh with npm ci) behind a real Express app, watched by the built <c>streamdrift run --layout express</c>.
/// </summary>
public class ExpressCompatibilityTests
{
    [Fact]
    public async Task LayoutExpress_LiveCountEqualsTheTrueSessions_AfterShoppersStop_AndNoAlertOnHealthyTraffic()
    {
        await using var redis = await RedisServer.StartAsync();
        using var mux = await redis.ConnectAsync();
        var appDir = StorefrontApp.Directory("express");
        Assert.True(Directory.Exists(Path.Combine(appDir, "node_modules", "connect-redis")), "run tools/test.sh (npm ci in tests/compat/express) first");
        var port = FreePort.Next();
        await using var app = await StorefrontApp.StartAsync("node", ["app.js"], appDir, port, new Dictionary<string, string>
        {
            ["REDIS_URL"] = $"redis://{redis.Endpoint}",
            ["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await using var run = await CompatibilityRun.StartAsync(redis.Endpoint, "express");
        var shoppers = ShoppingTrip.Shoppers(app.BaseAddress);
        try
        {
            var expected = await ShoppingTrip.RunAsync(shoppers, run, CancellationToken.None);

            var (sessions, _) = await ShoppingTrip.TruthAsync(mux, SessionLayouts.Express);
            Assert.Equal(expected, sessions);
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
}
