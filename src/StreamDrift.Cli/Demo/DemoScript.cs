using StreamDrift.Storefront;

namespace StreamDrift.Cli.Demo;

/// <summary>
/// The demo's timeline: a healthy shop long enough for the baseline to learn, then the shared instance
/// hits maxmemory and allkeys-lru evicts sessions, then the page-cache flood stops and the shop recovers.
/// </summary>
internal static class DemoScript
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan StormFrom = TimeSpan.FromSeconds(45);
    public static readonly TimeSpan StormUntil = TimeSpan.FromSeconds(75);
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(105);

    public static StorefrontOptions Storefront(string storeId, bool forever) => new()
    {
        StoreId = storeId,
        SessionTtl = TimeSpan.FromSeconds(30),
        SteadyShoppers = 400,
        PageCache = true,
        // With --forever the incident still happens once, so there is something to see.
        Faults = [new FaultWindow(Fault.EvictionStorm, StormFrom, StormUntil)],
        Seed = forever ? Environment.TickCount : 1,
    };

    /// <summary>What the narration line says at this point of the run.</summary>
    public static string Narration(TimeSpan elapsed) =>
        elapsed < TimeSpan.FromSeconds(25) ? "healthy shop: StreamDrift is learning the store's baseline (TTL lag, second tabs, bots)"
        : elapsed < StormFrom ? "healthy shop: baseline learned; drift within the store's own normal"
        : elapsed < StormUntil ? "INCIDENT: the page cache floods the shared instance at maxmemory; allkeys-lru evicts session keys"
        : "the cache flood stopped and maxmemory is back: shoppers get sessions again; the alert resolves after calm windows";
}
