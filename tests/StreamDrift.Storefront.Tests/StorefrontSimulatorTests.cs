using System.Collections.Concurrent;
using StackExchange.Redis;
using StreamDrift.Core.Samples;
using StreamDrift.TestSupport;

namespace StreamDrift.Storefront.Tests;

/// <summary>Each fault does to a real Redis what it claims to do.</summary>
public class StorefrontSimulatorTests
{
    private static readonly StorefrontOptions Small = new()
    {
        SteadyShoppers = 100,
        MeanVisit = TimeSpan.FromMinutes(10),
        ActivityEvery = TimeSpan.FromMilliseconds(500),
        ReportEvery = TimeSpan.FromMilliseconds(100),
        Tick = TimeSpan.FromMilliseconds(50),
        PageCache = false,
    };

    private static async Task<(RedisServer Server, ConnectionMultiplexer Mux, ConcurrentQueue<ActiveUsersSample> Samples)> RunAsync(StorefrontOptions options, TimeSpan duration)
    {
        var server = await RedisServer.StartAsync();
        var mux = await server.ConnectAsync();
        var samples = new ConcurrentQueue<ActiveUsersSample>();
        await new StorefrontSimulator(mux, options, samples.Enqueue, TimeProvider.System).RunAsync(duration);
        return (server, mux, samples);
    }

    private static async Task<List<RedisKey>> KeysAsync(ConnectionMultiplexer mux, string pattern)
    {
        var keys = new List<RedisKey>();
        await foreach (var key in mux.GetServers()[0].KeysAsync(pattern: pattern, pageSize: 1000))
        {
            keys.Add(key);
        }
        return keys;
    }

    [Fact]
    public async Task Healthy_WritesSessionsWithTheSessionTtlAndReportsUsers()
    {
        var (server, mux, samples) = await RunAsync(Small, TimeSpan.FromSeconds(2));
        await using var _ = server;
        using var __ = mux;
        var keys = await KeysAsync(mux, "sess:*");
        Assert.InRange(keys.Count, 90, 130);
        // A shopper's own session: those of shoppers who left before the start carry what remains of their TTL.
        var ttl = await mux.GetDatabase().KeyTimeToLiveAsync(keys.First(k => !k.ToString().StartsWith("sess:left-", StringComparison.Ordinal)));
        Assert.InRange(ttl!.Value.TotalSeconds, 25, 30);
        Assert.NotEmpty(samples);
        Assert.All(samples, s => Assert.Equal("demo-store", s.StoreId));
    }

    [Fact]
    public async Task PageCache_StartsFull_SoNonSessionKeysDoNotGrowLikeAChangedPrefix()
    {
        // One second of healthy cache traffic writes 50 pages; the cycle of 300 must all be there from the start.
        var options = Small with { PageCache = true, PageCachePages = 300, PageCacheWritesPerSecond = 50, PageCacheValueBytes = 16 };
        var (server, mux, _) = await RunAsync(options, TimeSpan.FromSeconds(1));
        await using var _s = server;
        using var _m = mux;
        Assert.Equal(300, (await KeysAsync(mux, options.PageCachePrefix + "*")).Count);
    }

    [Fact]
    public async Task OrphanedSessions_WritesKeysWithoutTtl()
    {
        var options = Small with { Faults = [new FaultWindow(Fault.OrphanedSessions, TimeSpan.Zero)] };
        var (server, mux, _) = await RunAsync(options, TimeSpan.FromSeconds(1.5));
        await using var _s = server;
        using var _m = mux;
        // Every shopper's session, not just the first SCAN returns; the sessions of shoppers who left before
        // the start were written by the healthy deploy before, with what remained of their TTL.
        var keys = (await KeysAsync(mux, "sess:*")).Where(k => !k.ToString().StartsWith("sess:left-", StringComparison.Ordinal)).ToList();
        Assert.InRange(keys.Count, 90, 130);
        var db = mux.GetDatabase();
        var ttls = await Task.WhenAll(keys.Select(k => db.KeyTimeToLiveAsync(k)));
        Assert.All(ttls, ttl => Assert.Null(ttl));
    }

    [Fact]
    public async Task PrefixChanged_MovesNewWritesToTheOtherPrefix()
    {
        var options = Small with { SteadyShoppers = 50, Faults = [new FaultWindow(Fault.PrefixChanged, TimeSpan.Zero)] };
        var (server, mux, _) = await RunAsync(options, TimeSpan.FromSeconds(1.5));
        await using var _s = server;
        using var _m = mux;
        // Sessions of shoppers who left before the start (written up front, before the deploy) are the only old-prefix keys.
        Assert.All(await KeysAsync(mux, "sess:*"), k => Assert.StartsWith("sess:left-", k, StringComparison.Ordinal));
        Assert.NotEmpty(await KeysAsync(mux, options.ChangedPrefix + "*"));
    }

    [Fact]
    public async Task WritesFailing_WritesNothingWhileUsersAreStillReported()
    {
        var options = Small with { Faults = [new FaultWindow(Fault.WritesFailing, TimeSpan.Zero)] };
        var (server, mux, samples) = await RunAsync(options, TimeSpan.FromSeconds(1.5));
        await using var _s = server;
        using var _m = mux;
        // Only the sessions of shoppers who left before the start (written up front) exist: no shopper's write landed.
        Assert.All(await KeysAsync(mux, "*"), k => Assert.StartsWith("sess:left-", k, StringComparison.Ordinal));
        Assert.Contains(samples, s => s.ActiveUsers > 50);
    }

    [Fact]
    public async Task ConnectorSilent_StopsTheSamplesButNotTheSessions()
    {
        var options = Small with { Faults = [new FaultWindow(Fault.ConnectorSilent, TimeSpan.Zero)] };
        var (server, mux, samples) = await RunAsync(options, TimeSpan.FromSeconds(1.5));
        await using var _s = server;
        using var _m = mux;
        Assert.Empty(samples);
        Assert.NotEmpty(await KeysAsync(mux, "sess:*"));
    }

    [Fact]
    public async Task BotTraffic_InflatesUsersWithoutSessions()
    {
        var options = Small with { Faults = [new FaultWindow(Fault.BotTraffic, TimeSpan.FromSeconds(1))] };
        var (server, mux, samples) = await RunAsync(options, TimeSpan.FromSeconds(3.5));
        await using var _s = server;
        using var _m = mux;
        var keys = (await KeysAsync(mux, "sess:*")).Count;
        Assert.True(samples.Last().ActiveUsers > keys * 1.5, $"users {samples.Last().ActiveUsers} vs keys {keys}");
    }

    [Fact]
    public async Task EvictionStorm_EvictsSessionsAndRestoresTheSettingsAfterwards()
    {
        var options = Small with
        {
            PageCache = true,
            StormCacheWritesPerSecond = 4000,
            Faults = [new FaultWindow(Fault.EvictionStorm, TimeSpan.FromSeconds(1))],
        };
        await using var server = await RedisServer.StartAsync();
        using var mux = await server.ConnectAsync();
        var admin = mux.GetServers()[0];
        // A policy other than the default, so that "restored" cannot be met by writing back a fixed default.
        await admin.ConfigSetAsync("maxmemory-policy", "volatile-lfu");
        // The evicted keys themselves, not INFO's global evicted_keys, which cache evictions alone would satisfy.
        await admin.ConfigSetAsync("notify-keyspace-events", "Ee");
        var evicted = new ConcurrentQueue<string>();
        await mux.GetSubscriber().SubscribeAsync(RedisChannel.Literal("__keyevent@0__:evicted"), (_, key) => evicted.Enqueue(key.ToString()));

        await new StorefrontSimulator(mux, options, _ => { }, TimeProvider.System).RunAsync(TimeSpan.FromSeconds(4));

        await Eventually.Until(() => evicted.Any(k => k.StartsWith("sess:", StringComparison.Ordinal)), TimeSpan.FromSeconds(10),
            () => $"no session key among the {evicted.Count} evicted keys");
        Assert.Equal("0", (await admin.ConfigGetAsync("maxmemory"))[0].Value);
        Assert.Equal("volatile-lfu", (await admin.ConfigGetAsync("maxmemory-policy"))[0].Value);
    }
}
