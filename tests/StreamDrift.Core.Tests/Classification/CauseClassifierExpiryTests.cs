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
    public void LongestSampledTtlAMinuteOrTwoBelowTheTimeout_IsNotExpiringEarly()
    {
        // A sample whose freshest key was written 100 s ago: no evidence of short TTLs.
        var w = Scenario.Window(20, keys: 8000) with { Ttl = new Core.Signals.TtlSummary(Scenario.T0, 200, 0, 100, 1000, 1400, 1700) };

        Assert.NotEqual(Cause.SessionsExpiringEarly, Classify(w).Cause);
    }

    [Fact]
    public void WritesGoOnButNoSampledKeyCarriesTheTimeoutAnyMore_IsSessionsExpiringEarly()
    {
        // A long timeout (traffic sim, 60-minute TTL at night): keys written before the bad deploy only age, so the
        // median and the 90th percentile fall slowly; but writes go on and none sets the timeout any more, so the
        // longest sampled TTL (always near the timeout in the healthy samples) has fallen by 300 s, a sixth of it.
        var w = Scenario.Window(20, keys: 8000) with { Ttl = new Core.Signals.TtlSummary(Scenario.T0, 200, 0, 100, 1000, 1400, 1500) };

        var d = Classify(w);

        Assert.Equal(Cause.SessionsExpiringEarly, d.Cause);
        Assert.Equal(1500, d.Evidence["ttl_max_seconds"]);
    }

    [Fact]
    public void ShortMedianTtlWithAnExpirySpike_IsSessionsExpiringEarly()
    {
        var w = Scenario.Window(20, keys: 7000) with { Events = Scenario.HealthyEvents with { Expired = 3100 }, Ttl = MixedTtl };

        var d = Classify(w);

        Assert.Equal(Cause.SessionsExpiringEarly, d.Cause);
        Assert.Equal(170, d.Evidence["ttl_p50_seconds"]);
    }

    [Fact]
    public void ShortMedianTtlWithinTheStoresUsualRange_WithoutAnExpirySpike_IsNotSessionsExpiringEarly()
    {
        // A store whose own healthy median TTL is short (most keys belong to shoppers who left): a short median says nothing.
        var history = Scenario.History().Select(h => h with { Ttl = MixedTtl with { P50Seconds = 200 } }).ToList();
        var w = Scenario.Window(20, keys: 7000) with { Ttl = MixedTtl };

        Assert.NotEqual(Cause.SessionsExpiringEarly, _classifier.Classify(Scenario.Verdict(w), history).Cause);
    }

    [Fact]
    public void MedianTtlFarBelowTheStoresOwnHealthyMedian_IsSessionsExpiringEarly_BeforeTheNinetiethPercentileShowsIt()
    {
        // Healthy median 900 s; fresh writes now carry a short TTL while lingering keys keep theirs (P90 still 1,500 s).
        var d = Classify(Scenario.Window(20, keys: 7000) with { Ttl = MixedTtl });

        Assert.Equal(Cause.SessionsExpiringEarly, d.Cause);
        Assert.Equal(900, d.Evidence["healthy_ttl_p50_seconds"]);
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
