using StreamDrift.Core.Options;

namespace StreamDrift.Storefront;

/// <summary>How the simulated storefront behaves. Defaults give a small, healthy shop.</summary>
public sealed record StorefrontOptions
{
    public string StoreId { get; init; } = "demo-store";
    public string Connector { get; init; } = "simulator";
    /// <summary>Prefix of the session keys (the one StreamDrift watches).</summary>
    public string Prefix { get; init; } = "sess:";
    /// <summary>Prefix a <see cref="Fault.PrefixChanged"/> deploy switches to.</summary>
    public string ChangedPrefix { get; init; } = "session:v2:";
    /// <summary>The configured session timeout: every write refreshes the key to this TTL.</summary>
    public TimeSpan SessionTtl { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>TTL the <see cref="Fault.ShortTtl"/> deploy writes instead.</summary>
    public TimeSpan ShortTtl { get; init; } = TimeSpan.FromSeconds(3);
    /// <summary>Hash sessions (HSET + EXPIRE) instead of strings (SET EX).</summary>
    public bool HashSessions { get; init; }
    /// <summary>Shoppers the shop holds in steady state (arrivals balance departures).</summary>
    public int SteadyShoppers { get; init; } = 400;
    /// <summary>Mean time a shopper stays on the site.</summary>
    public TimeSpan MeanVisit { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>How often an active shopper touches the session (each page view refreshes it).</summary>
    public TimeSpan ActivityEvery { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>Share of shoppers that open a second tab, and with it a second session.</summary>
    public double SecondTabShare { get; init; } = 0.05;
    /// <summary>Bots and analytics-only visitors the connector counts with no session: a steady offset.</summary>
    public double SteadyBotShare { get; init; } = 0.03;
    /// <summary>Extra bots per second of a <see cref="Fault.BotTraffic"/> wave, as a share of the shoppers.</summary>
    public double BotWaveShare { get; init; } = 0.8;
    /// <summary>The connector's own definition of "active": activity within this window.</summary>
    public TimeSpan ConnectorActiveWindow { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>How often the connector reports.</summary>
    public TimeSpan ReportEvery { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Page-cache traffic on the same instance (its own prefix, no TTL, large values).</summary>
    public bool PageCache { get; init; } = true;
    public string PageCachePrefix { get; init; } = "cache:page:";
    public int PageCacheValueBytes { get; init; } = 4096;
    public int PageCacheWritesPerSecond { get; init; } = 50;
    /// <summary>Distinct pages the healthy cache cycles through (written up front, so the cache starts full).</summary>
    public int PageCachePages { get; init; } = 2000;
    /// <summary>Cache writes per second while an eviction storm floods the instance.</summary>
    public int StormCacheWritesPerSecond { get; init; } = 3000;
    /// <summary>Faults to switch on and off during the run.</summary>
    public IReadOnlyList<FaultWindow> Faults { get; init; } = [];
    /// <summary>Seed of the shoppers' randomness, so a scenario can be repeated.</summary>
    public int Seed { get; init; } = 1;
    /// <summary>Simulation step.</summary>
    public TimeSpan Tick { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        const string Owner = nameof(StorefrontOptions);
        OptionGuard.Require(!string.IsNullOrWhiteSpace(StoreId), Owner, nameof(StoreId), "is required");
        OptionGuard.Require(!string.IsNullOrWhiteSpace(Connector), Owner, nameof(Connector), "is required");
        OptionGuard.Require(!string.IsNullOrEmpty(Prefix), Owner, nameof(Prefix), "is required");
        OptionGuard.Require(!string.IsNullOrEmpty(ChangedPrefix) && ChangedPrefix != Prefix, Owner, nameof(ChangedPrefix), "must be set and differ from Prefix");
        OptionGuard.Require(SessionTtl >= TimeSpan.FromSeconds(1), Owner, nameof(SessionTtl), "must be at least 1 s (Redis TTLs are whole seconds or more)");
        OptionGuard.Require(ShortTtl >= TimeSpan.FromSeconds(1), Owner, nameof(ShortTtl), "must be at least 1 s");
        OptionGuard.Require(SteadyShoppers >= 0, Owner, nameof(SteadyShoppers), "must not be negative");
        OptionGuard.Require(MeanVisit > TimeSpan.Zero, Owner, nameof(MeanVisit), "must be positive");
        OptionGuard.Require(ActivityEvery > TimeSpan.Zero, Owner, nameof(ActivityEvery), "must be positive");
        OptionGuard.Require(SecondTabShare is >= 0 and <= 1, Owner, nameof(SecondTabShare), "must be in [0, 1]");
        OptionGuard.Require(SteadyBotShare >= 0 && double.IsFinite(SteadyBotShare), Owner, nameof(SteadyBotShare), "must not be negative");
        OptionGuard.Require(BotWaveShare >= 0 && double.IsFinite(BotWaveShare), Owner, nameof(BotWaveShare), "must not be negative");
        OptionGuard.Require(ConnectorActiveWindow > TimeSpan.Zero, Owner, nameof(ConnectorActiveWindow), "must be positive");
        OptionGuard.Require(ReportEvery > TimeSpan.Zero, Owner, nameof(ReportEvery), "must be positive");
        OptionGuard.Require(!PageCache || !string.IsNullOrEmpty(PageCachePrefix), Owner, nameof(PageCachePrefix), "is required with PageCache");
        OptionGuard.Require(PageCacheValueBytes >= 0, Owner, nameof(PageCacheValueBytes), "must not be negative");
        OptionGuard.Require(PageCacheWritesPerSecond >= 0, Owner, nameof(PageCacheWritesPerSecond), "must not be negative");
        OptionGuard.Require(PageCachePages >= 1, Owner, nameof(PageCachePages), "must be at least 1");
        OptionGuard.Require(StormCacheWritesPerSecond >= 0, Owner, nameof(StormCacheWritesPerSecond), "must not be negative");
        OptionGuard.Require(Faults is not null, Owner, nameof(Faults), "must not be null");
        OptionGuard.Require(Tick > TimeSpan.Zero && Tick <= ReportEvery, Owner, nameof(Tick), "must be positive and at most ReportEvery");
    }
}
