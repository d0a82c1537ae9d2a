using StreamDrift.Core.Options;

namespace StreamDrift.Core.Classification;

/// <summary>
/// Thresholds of the cause classifier. Defaults suit a storefront with a 30-minute session timeout and
/// 60-second windows; every value is validated once by <see cref="Validate"/>.
/// </summary>
public sealed class ClassifierOptions
{
    /// <summary>The session timeout the application is configured with (the TTL a fresh session key
    /// should carry). Default 30 minutes; must be positive.</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Sampled TTLs whose 90th percentile stays below this fraction of
    /// <see cref="SessionTimeout"/> mean keys are written with too short a TTL. Default 0.5; (0, 1).</summary>
    public double EarlyTtlFraction { get; set; } = 0.5;

    /// <summary>Sampled TTLs whose 90th percentile exceeds this multiple of <see cref="SessionTimeout"/>
    /// mark orphan candidates. Default 2; must be above 1.</summary>
    public double LongTtlFactor { get; set; } = 2.0;

    /// <summary>Share of sampled keys without a TTL that marks orphaned sessions. Default 0.05; (0, 1].</summary>
    public double WithoutTtlShare { get; set; } = 0.05;

    /// <summary>Minimum TTL sample size before TTL evidence counts. Default 20; at least 1.</summary>
    public int MinTtlSamples { get; set; } = 20;

    /// <summary>used_memory / maxmemory at or above which memory counts as under pressure. Default 0.9.</summary>
    public double MemoryPressureRatio { get; set; } = 0.9;

    /// <summary>connected_clients / maxclients at or above which the pool counts as exhausted. Default 0.95.</summary>
    public double ClientsPressureRatio { get; set; } = 0.95;

    /// <summary>Session evictions in the window, as a share of the missing keys, needed to blame
    /// evictions. Default 0.1; (0, 1].</summary>
    public double EvictedShareOfMissing { get; set; } = 0.1;

    /// <summary>Write rate per active user below this fraction of the recent healthy median counts as
    /// collapsed. Default 0.5; (0, 1).</summary>
    public double WriteCollapseFraction { get; set; } = 0.5;

    /// <summary>Active users above this multiple of the recent healthy median count as a surge.
    /// Default 1.3; must be above 1.</summary>
    public double UserSurgeFactor { get; set; } = 1.3;

    /// <summary>A signal (writes, ops, orders) within this multiple of its healthy median counts as flat.
    /// Default 1.15; must be above 1.</summary>
    public double FlatFactor { get; set; } = 1.15;

    /// <summary>Growth of the DB's non-session keys, relative to its healthy median, that marks keys
    /// written under another prefix. Default 1.2; must be above 1.</summary>
    public double OtherKeysGrowthFactor { get; set; } = 1.2;

    /// <summary>Expired events per second on the session prefixes, as a multiple of the recent healthy median,
    /// that count as an expiry spike: with one, a short median TTL is enough to blame early expiry.
    /// Default 3; must be above 1.</summary>
    public double ExpirySpikeFactor { get; set; } = 3.0;

    /// <summary>Growth of the DB's non-session keys, as a share of the missing session keys, that also marks
    /// keys written under another prefix (for instances shared with a cache much larger than the sessions).
    /// Default 0.5; (0, 1].</summary>
    public double OtherKeysShareOfMissing { get; set; } = 0.5;

    /// <summary>Healthy windows needed before history-based evidence (write collapse, user surge,
    /// prefix change) counts. Default 3; at least 1.</summary>
    public int MinHistoryWindows { get; set; } = 3;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        OptionGuard.Require(SessionTimeout > TimeSpan.Zero, nameof(ClassifierOptions), nameof(SessionTimeout), "must be positive");
        OptionGuard.Require(EarlyTtlFraction is > 0 and < 1, nameof(ClassifierOptions), nameof(EarlyTtlFraction), "must be in (0, 1)");
        OptionGuard.Require(LongTtlFactor > 1, nameof(ClassifierOptions), nameof(LongTtlFactor), "must be above 1");
        OptionGuard.Require(WithoutTtlShare is > 0 and <= 1, nameof(ClassifierOptions), nameof(WithoutTtlShare), "must be in (0, 1]");
        OptionGuard.Require(MinTtlSamples >= 1, nameof(ClassifierOptions), nameof(MinTtlSamples), "must be at least 1");
        OptionGuard.Require(MemoryPressureRatio is > 0 and <= 1, nameof(ClassifierOptions), nameof(MemoryPressureRatio), "must be in (0, 1]");
        OptionGuard.Require(ClientsPressureRatio is > 0 and <= 1, nameof(ClassifierOptions), nameof(ClientsPressureRatio), "must be in (0, 1]");
        OptionGuard.Require(EvictedShareOfMissing is > 0 and <= 1, nameof(ClassifierOptions), nameof(EvictedShareOfMissing), "must be in (0, 1]");
        OptionGuard.Require(WriteCollapseFraction is > 0 and < 1, nameof(ClassifierOptions), nameof(WriteCollapseFraction), "must be in (0, 1)");
        OptionGuard.Require(UserSurgeFactor > 1, nameof(ClassifierOptions), nameof(UserSurgeFactor), "must be above 1");
        OptionGuard.Require(FlatFactor > 1, nameof(ClassifierOptions), nameof(FlatFactor), "must be above 1");
        OptionGuard.Require(OtherKeysGrowthFactor > 1, nameof(ClassifierOptions), nameof(OtherKeysGrowthFactor), "must be above 1");
        OptionGuard.Require(ExpirySpikeFactor > 1, nameof(ClassifierOptions), nameof(ExpirySpikeFactor), "must be above 1");
        OptionGuard.Require(OtherKeysShareOfMissing is > 0 and <= 1, nameof(ClassifierOptions), nameof(OtherKeysShareOfMissing), "must be in (0, 1]");
        OptionGuard.Require(MinHistoryWindows >= 1, nameof(ClassifierOptions), nameof(MinHistoryWindows), "must be at least 1");
    }

}
