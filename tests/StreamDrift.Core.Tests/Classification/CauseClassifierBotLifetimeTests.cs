using StreamDrift.Core.Classification;

namespace StreamDrift.Core.Tests.Classification;

/// <summary>Magento gives bots a one-minute session lifetime: the TTL sample's bot share tells a bot wave from early expiry (issue 12).</summary>
public class CauseClassifierBotLifetimeTests
{
    private readonly CauseClassifier _classifier = new(new ClassifierOptions { SessionTimeout = TimeSpan.FromMinutes(30) });

    // Healthy Magento store: one session in ten is a bot's.
    private static IReadOnlyList<Core.Windows.DriftWindow> History() =>
        [.. Scenario.History().Select(h => h with { Ttl = Scenario.HealthyTtl with { BotShare = 0.1 } })];

    // Bots now hold 45% of the sampled sessions: the median TTL falls to a bot's minute.
    private static readonly Core.Signals.TtlSummary BotHeavyTtl = new(Scenario.T0, 200, 0, 10, 55, 1500, 1790) { BotShare = 0.45 };

    [Fact]
    public void BotWave_WithBotSessionsInTheTtlSample_IsBotTraffic_NotSessionsExpiringEarly()
    {
        // Every bot request writes a session (Cm_RedisSession), so writes and new keys rise with the users: only the
        // lifetimes tell these users are bots.
        var w = Scenario.Window(20, keys: 10_000, users: 14_500) with
        {
            Ttl = BotHeavyTtl,
            Events = Scenario.HealthyEvents with { New = 2400, Set = 4800, Expired = 1900 },
        };

        var d = _classifier.Classify(Scenario.Verdict(w), History());

        Assert.Equal(Cause.BotTraffic, d.Cause);
        Assert.Equal(0.45, d.Evidence["bot_share"]);
        Assert.Equal(0.1, d.Evidence["healthy_bot_share"]);
        Assert.InRange(d.Confidence, 0.8, 0.9);
        Assert.Contains("45% of the sampled sessions carry the session store's bot lifetime", d.Reading, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryLifetimeShortened_WithoutMoreUsers_IsSessionsExpiringEarly_NotBotTraffic()
    {
        // A deploy gave shoppers a bot's lifetime: the share rises, the users do not.
        var w = Scenario.Window(20, keys: 7000, users: 10_000) with
        {
            Ttl = BotHeavyTtl with { BotShare = 0.95, P90Seconds = 110, MaxSeconds = 118 },
            Events = Scenario.HealthyEvents with { Expired = 3100 },
        };

        var d = _classifier.Classify(Scenario.Verdict(w), History());

        Assert.Equal(Cause.SessionsExpiringEarly, d.Cause);
    }
}
