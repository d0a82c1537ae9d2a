using StreamDrift.Core.Classification;

namespace StreamDrift.Core.Tests.Classification;

/// <summary>Early expiry seen while the TTL sample still mixes keys from before and after a bad deploy (issue 6).</summary>
public class CauseClassifierExpiryTests
{
    private readonly CauseClassifier _classifier = new(new ClassifierOptions { SessionTimeout = TimeSpan.FromMinutes(30) });

    // Half the sampled keys carry the bad deploy's 3-minute TTL, the rest still the configured 30 minutes.
    private static readonly Core.Signals.TtlSummary MixedTtl = new(Scenario.T0, 200, 0, 20, 170, 1500, 1790);

    private Diagnosis Classify(Core.Windows.DriftWindow window) =>
        _classifier.Classify(Scenario.Verdict(window), Scenario.History());

    [Fact]
    public void ShortMedianTtlWithAnExpirySpike_IsSessionsExpiringEarly()
    {
        var w = Scenario.Window(20, keys: 7000) with { Events = Scenario.HealthyEvents with { Expired = 3100 }, Ttl = MixedTtl };

        var d = Classify(w);

        Assert.Equal(Cause.SessionsExpiringEarly, d.Cause);
        Assert.Equal(170, d.Evidence["ttl_p50_seconds"]);
    }

    [Fact]
    public void ShortMedianTtlWithoutAnExpirySpike_IsNotSessionsExpiringEarly()
    {
        var w = Scenario.Window(20, keys: 7000) with { Ttl = MixedTtl };

        Assert.NotEqual(Cause.SessionsExpiringEarly, Classify(w).Cause);
    }

    [Fact]
    public void ExpirySpikeWithSessionsRecreated_BeforeTheTtlSampleShowsIt_IsSessionsExpiringEarly()
    {
        // The last TTL sample predates the deploy (healthy TTLs), but keys expire and come back at 5x the usual rate.
        var w = Scenario.Window(20, keys: 7000) with { Events = Scenario.HealthyEvents with { Expired = 3100, New = 3000 } };

        var d = Classify(w);

        Assert.Equal(Cause.SessionsExpiringEarly, d.Cause);
        Assert.Equal(3000, d.Evidence["new_keys"]);
    }
}
