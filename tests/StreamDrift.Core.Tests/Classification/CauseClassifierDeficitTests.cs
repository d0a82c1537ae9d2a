using StreamDrift.Core.Classification;

namespace StreamDrift.Core.Tests.Classification;

public class CauseClassifierDeficitTests
{
    private readonly CauseClassifier _classifier = new(new ClassifierOptions { SessionTimeout = TimeSpan.FromMinutes(30) });

    private Diagnosis Classify(Core.Windows.DriftWindow window) =>
        _classifier.Classify(Scenario.Verdict(window), Scenario.History());

    [Fact]
    public void EvictedEventsOnThePrefix_UnderMemoryPressure_AreSessionsEvicted()
    {
        var w = Scenario.Window(20, keys: 6400, users: 9800) with
        {
            Events = Scenario.HealthyEvents with { Evicted = 2950 },
            Health = Scenario.Health(6400) with { UsedMemoryBytes = 990, EvictedKeysPerSecond = 80 },
        };

        var d = Classify(w);

        Assert.Equal(Cause.SessionsEvicted, d.Cause);
        Assert.InRange(d.Confidence, 0.85, 0.95);
        Assert.Equal(2950, d.Evidence["evicted_events"]);
        Assert.Equal(0.99, d.Evidence["memory_used_ratio"], 3);
        Assert.StartsWith("6,400 session keys for 9,800 active users: 3,400 shoppers logged out; 2,950 session keys evicted", d.Reading, StringComparison.Ordinal);
        Assert.Contains("99% of maxmemory under allkeys-lru on an instance shared with 20,000 other keys", d.Reading, StringComparison.Ordinal);
        Assert.Contains(d.Mitigations, m => m.Contains("volatile-", StringComparison.Ordinal));
    }

    [Fact]
    public void EvictionBurstOnCacheKeysOnly_IsNotSessionsEvicted()
    {
        // INFO says keys are being evicted, memory is full, but not one eviction hit the session prefix.
        var w = Scenario.Window(20, keys: 6400, users: 9800) with
        {
            Health = Scenario.Health(6400) with { UsedMemoryBytes = 990, EvictedKeysPerSecond = 500, EvictedKeysTotal = 90_000 },
        };

        var d = Classify(w);

        Assert.NotEqual(Cause.SessionsEvicted, d.Cause);
        Assert.Equal(Cause.Unknown, d.Cause);
    }

    [Fact]
    public void AHandfulOfSessionEvictionsAgainstAMuchLargerGap_IsNotSessionsEvicted()
    {
        // 12 evictions cannot explain 3,400 missing keys: blaming them would send the SRE the wrong way.
        var w = Scenario.Window(20, keys: 6400, users: 9800) with { Events = Scenario.HealthyEvents with { Evicted = 12 } };

        Assert.Equal(Cause.Unknown, Classify(w).Cause);
    }

    [Fact]
    public void ClientsAtMaxclients_AreSessionWritesFailing()
    {
        var w = Scenario.Window(20, keys: 7000) with { Health = Scenario.Health(7000) with { ConnectedClients = 9_990 } };

        var d = Classify(w);

        Assert.Equal(Cause.SessionWritesFailing, d.Cause);
        Assert.Equal(0.999, d.Evidence["clients_used_ratio"], 3);
    }

    [Fact]
    public void SampledTtlsFarBelowTheSessionTimeout_AreSessionsExpiringEarly()
    {
        var w = Scenario.Window(20, keys: 7000, users: 10_000) with
        {
            Events = Scenario.HealthyEvents with { Expired = 3100 },
            Ttl = new Core.Signals.TtlSummary(Scenario.T0, 200, 0, 30, 150, 280, 300),
        };

        var d = Classify(w);

        Assert.Equal(Cause.SessionsExpiringEarly, d.Cause);
        Assert.InRange(d.Confidence, 0.85, 0.95);
        Assert.Equal(280, d.Evidence["ttl_p90_seconds"]);
        Assert.Contains("280 s (90th percentile) against a 1,800 s session timeout", d.Reading, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpiryWaveMatchingTheConfiguredTimeout_IsNotExpiringEarly()
    {
        // Many expirations at once (lazy expiry catching up), but the TTLs written are the configured ones.
        var w = Scenario.Window(20, keys: 7000, users: 10_000) with { Events = Scenario.HealthyEvents with { Expired = 3100 } };

        var d = Classify(w);

        Assert.NotEqual(Cause.SessionsExpiringEarly, d.Cause);
        Assert.Equal(Cause.Unknown, d.Cause);
    }

    [Fact]
    public void ReplicaRoleAfterFailover_IsSessionWritesFailing()
    {
        var w = Scenario.Window(20, keys: 7000) with { Health = Scenario.Health(7000) with { Role = "slave" } };

        var d = Classify(w);

        Assert.Equal(Cause.SessionWritesFailing, d.Cause);
        Assert.Equal(1, d.Evidence["role_replica"]);
    }

    [Fact]
    public void RejectedConnections_AreSessionWritesFailing()
    {
        var w = Scenario.Window(20, keys: 7000) with { Health = Scenario.Health(7000) with { RejectedConnectionsPerSecond = 12, ConnectedClients = 10_000 } };

        var d = Classify(w);

        Assert.Equal(Cause.SessionWritesFailing, d.Cause);
        Assert.Equal(12, d.Evidence["rejected_connections_per_second"]);
    }

    [Fact]
    public void WritesRefusedWithReadOnly_ByADemotedPrimary_AreSessionWritesFailing()
    {
        var w = Scenario.Window(20, keys: 7000) with { Health = Scenario.Health(7000) with { ReadOnlyErrorsPerSecond = 35 } };

        var d = Classify(w);

        Assert.Equal(Cause.SessionWritesFailing, d.Cause);
        Assert.Equal(35, d.Evidence["readonly_errors_per_second"]);
        Assert.Contains("READONLY", d.Reading, StringComparison.Ordinal);
    }

    [Fact]
    public void UnreachableRedis_IsSessionWritesFailing()
    {
        var d = Classify(Scenario.Window(20, keys: 7000) with { RedisReachable = false });

        Assert.Equal(Cause.SessionWritesFailing, d.Cause);
        Assert.Equal(0, d.Evidence["redis_reachable"]);
    }

    [Fact]
    public void WriteCollapseWithoutRedisErrorsOrOtherKeyGrowth_IsSessionWritesFailingWithLowerConfidence()
    {
        var w = Scenario.Window(20, keys: 7000) with { Events = Scenario.HealthyEvents with { New = 40, Set = 300 } };

        var d = Classify(w);

        Assert.Equal(Cause.SessionWritesFailing, d.Cause);
        Assert.True(d.Confidence < 0.7);
    }

    [Fact]
    public void WriteCollapseWhileOtherKeysGrow_IsSessionPrefixChanged()
    {
        var w = Scenario.Window(20, keys: 7000) with
        {
            Events = Scenario.HealthyEvents with { New = 40, Set = 300 },
            Health = Scenario.Health(7000, otherKeys: 26_000),
        };

        var d = Classify(w);

        Assert.Equal(Cause.SessionPrefixChanged, d.Cause);
        Assert.Equal(26_000, d.Evidence["other_keys"]);
        Assert.Contains("grew from 20,000 to 26,000", d.Reading, StringComparison.Ordinal);
    }

    [Fact]
    public void UserSurgeWithFlatWritesOpsAndOrders_IsBotTraffic()
    {
        var d = Classify(Scenario.Window(20, keys: 10_000, users: 14_500));

        Assert.Equal(Cause.BotTraffic, d.Cause);
        Assert.InRange(d.Confidence, 0.8, 0.9);
        Assert.Equal(50, d.Evidence["orders"]);
    }

    [Fact]
    public void UserSurgeWithOrdersRisingToo_IsNotBotTraffic()
    {
        var d = Classify(Scenario.Window(20, keys: 10_000, users: 14_500) with { Orders = 75 });

        Assert.NotEqual(Cause.BotTraffic, d.Cause);
    }

    [Fact]
    public void HistoryBasedCauses_NeedEnoughHealthyHistory()
    {
        var d = _classifier.Classify(Scenario.Verdict(Scenario.Window(20, keys: 10_000, users: 14_500)), Scenario.History(2));

        Assert.Equal(Cause.Unknown, d.Cause);
    }
}
