using StreamDrift.Core.Classification;
using StreamDrift.Core.Detection;
using StreamDrift.Core.Signals;

namespace StreamDrift.Core.Tests.Classification;

public class CauseClassifierSurplusAndStateTests
{
    private readonly CauseClassifier _classifier = new(new ClassifierOptions());

    [Fact]
    public void SurplusWithKeysWithoutTtl_IsOrphanedSessions()
    {
        var w = Scenario.Window(20, keys: 14_000, users: 10_000) with
        {
            Ttl = new TtlSummary(Scenario.T0, 200, 40, 200, 900, 1620, 1800),
            Events = Scenario.HealthyEvents with { Persist = 25 },
        };

        var d = _classifier.Classify(Scenario.Verdict(w), Scenario.History());

        Assert.Equal(Cause.OrphanedSessions, d.Cause);
        Assert.InRange(d.Confidence, 0.85, 0.95);
        Assert.Equal(0.2, d.Evidence["ttl_without_share"], 3);
        Assert.Equal(1, d.Evidence["drift_growing"]);
        Assert.Contains("20% of 200 sampled session keys have no TTL", d.Reading, StringComparison.Ordinal);
    }

    [Fact]
    public void SurplusWithTtlsFarAboveTheTimeout_IsOrphanedSessions()
    {
        var w = Scenario.Window(20, keys: 14_000, users: 10_000) with { Ttl = new TtlSummary(Scenario.T0, 200, 0, 3000, 40_000, 80_000, 86_400) };

        Assert.Equal(Cause.OrphanedSessions, _classifier.Classify(Scenario.Verdict(w), Scenario.History()).Cause);
    }

    [Fact]
    public void SurplusWithHealthyTtls_IsNotOrphanedSessions()
    {
        var d = _classifier.Classify(Scenario.Verdict(Scenario.Window(20, keys: 14_000, users: 10_000)), Scenario.History());

        Assert.Equal(Cause.Unknown, d.Cause);
    }

    [Fact]
    public void SurplusWhileKeysExpireEarlyInAWave_IsSessionsExpiringEarly()
    {
        // The connector counts a user active longer than the TTL: the expiry wave of a too-short TTL reads to the
        // model as departures and lowers the keys it expects faster than the keys fall (traffic sim, 5-minute TTL,
        // 15-minute connector window). The sampled TTLs and the expiry spike tell what happened, surplus or not.
        var w = Scenario.Window(20, keys: 12_000, users: 10_000) with
        {
            Ttl = new TtlSummary(Scenario.T0, 200, 0, 30, 150, 300, 600),
            Events = Scenario.HealthyEvents with { Expired = 5000, New = 4000 },
        };

        var d = _classifier.Classify(Scenario.Verdict(w), Scenario.History());

        Assert.Equal(Cause.SessionsExpiringEarly, d.Cause);
        Assert.Contains("2,000 more keys than the store's usual offset", d.Reading, StringComparison.Ordinal);
    }

    [Fact]
    public void StaleWindow_IsConnectorStale()
    {
        var w = Scenario.Window(20) with { ActiveUsers = null, Stale = true, Samples = 0 };

        var d = _classifier.Classify(Scenario.Verdict(w, DriftState.Stale, DriftState.Normal), Scenario.History());

        Assert.Equal(Cause.ConnectorStale, d.Cause);
        Assert.Contains("drift unknown, not zero", d.Reading, StringComparison.Ordinal);
    }

    [Fact]
    public void WindowWithoutASample_BeforeTheConnectorIsStale_IsNotConnectorStale()
    {
        var w = Scenario.Window(20) with { ActiveUsers = null, SessionKeys = null, Stale = false, Samples = 0 };

        var d = _classifier.Classify(Scenario.Verdict(w, DriftState.Alerting, DriftState.Alerting), Scenario.History());

        Assert.Equal(Cause.None, d.Cause);
        Assert.Contains("carries over", d.Reading, StringComparison.Ordinal);
    }

    [Fact]
    public void NormalWindow_IsNone_EvenWithEvictions()
    {
        var w = Scenario.Window(20) with { Events = Scenario.HealthyEvents with { Evicted = 30 } };

        var d = _classifier.Classify(Scenario.Verdict(w, DriftState.Normal, DriftState.Normal), Scenario.History());

        Assert.Equal(Cause.None, d.Cause);
    }

    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(1, 1.5)]
    [InlineData(-1, 0.5)]
    public void InvalidOptions_AreRejectedNamingTheSetting(int field, double value)
    {
        var options = field switch
        {
            0 => new ClassifierOptions { EarlyTtlFraction = value * 2 },
            1 => new ClassifierOptions { WithoutTtlShare = value },
            _ => new ClassifierOptions { SessionTimeout = TimeSpan.FromSeconds(-value) },
        };

        var ex = Assert.Throws<ArgumentException>(() => new CauseClassifier(options));
        Assert.Contains(ex.ParamName!, ex.Message, StringComparison.Ordinal);
    }
}
