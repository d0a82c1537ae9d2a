using StackExchange.Redis;
using StreamDrift.Core.Layouts;

namespace StreamDrift.Cli.Tests.Layouts;

/// <summary>
/// Twelve shoppers with their own cookie jars on a real storefront: four log out, four leave, four stay. Reports
/// the shoppers holding a session to the run's users file as they come and go.
/// </summary>
internal static class ShoppingTrip
{
    public static List<Shopper> Shoppers(Uri store) =>
        [.. Enumerable.Range(0, 12).Select(i => new Shopper(store, i, (ShopperEnding)(i % 3)))];

    /// <summary>Runs every shopper's visit concurrently; returns the sessions that should remain.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<Shopper> shoppers, CompatibilityRun run, CancellationToken cancellationToken)
    {
        run.ActiveUsers = shoppers.Count;
        await Task.WhenAll(shoppers.Select(s => s.ShopAsync(visits: 6, cancellationToken)));
        var remaining = shoppers.Count(s => s.KeepsSession);
        run.ActiveUsers = remaining;
        return remaining;
    }

    /// <summary>The sessions in Redis by the layout's own rules (a plain SCAN, the test's ground truth).</summary>
    public static async Task<(int Sessions, int KeysUnderPrefix)> TruthAsync(IConnectionMultiplexer redis, SessionLayout layout)
    {
        var rules = layout.Rules();
        var server = redis.GetServers()[0];
        int sessions = 0, keys = 0;
        foreach (var prefix in rules.Prefixes)
        {
            await foreach (var key in server.KeysAsync(0, prefix + "*", pageSize: 1000))
            {
                keys++;
                if (rules.IsSession((byte[])key!))
                {
                    sessions++;
                }
            }
        }
        return (sessions, keys);
    }
}
