using StreamDrift.Core.Classification;

namespace StreamDrift.Core.Tests.Classification;

/// <summary>Write collapse against its look-alikes, as the end-to-end scenarios met them (issue 6).</summary>
public class CauseClassifierWriteCollapseTests
{
    private readonly CauseClassifier _classifier = new(new ClassifierOptions { SessionTimeout = TimeSpan.FromMinutes(30) });

    private static readonly Core.Signals.SessionEventCounts CollapsedWrites = Scenario.HealthyEvents with { New = 40, Set = 300 };

    private Diagnosis Classify(Core.Windows.DriftWindow window) =>
        _classifier.Classify(Scenario.Verdict(window), Scenario.History());

    [Fact]
    public void WriteCollapseWithAgingTtls_IsSessionWritesFailing_NotExpiringEarly()
    {
        // Nobody refreshes the keys any more, so every sampled TTL runs down: short TTLs, but none written short.
        var w = Scenario.Window(20, keys: 7000) with
        {
            Events = CollapsedWrites,
            Ttl = new Core.Signals.TtlSummary(Scenario.T0, 200, 0, 30, 150, 280, 300),
        };

        Assert.Equal(Cause.SessionWritesFailing, Classify(w).Cause);
    }

    [Fact]
    public void WriteCollapseWhileTheMissingKeysAppearElsewhereOnABigCache_IsSessionPrefixChanged()
    {
        // 3,000 sessions missing, 3,100 more other keys: only 15% growth of a 20,000-key cache, but the DB kept its size.
        var w = Scenario.Window(20, keys: 7000) with { Events = CollapsedWrites, Health = Scenario.Health(7000, otherKeys: 23_100) };

        var d = Classify(w);

        Assert.Equal(Cause.SessionPrefixChanged, d.Cause);
        Assert.Equal(23_100, d.Evidence["other_keys"]);
    }

    [Fact]
    public void WritesAndEvictionsStallingForAWindow_DuringAnEvictionStorm_AreStillSessionsEvicted()
    {
        // The cache filling the shared instance evicted 2,950 sessions in the window before; in this one the shop's
        // writes stalled (so did the cache's, and the evictions they cause): writes per user collapsed, the cache
        // grew, and the window's own 12 evictions are far under the 3,000 keys missing. The evictions since the
        // store was last healthy explain them, and a changed prefix does not (no new prefix took the sessions).
        var onset = Scenario.Window(19, keys: 7000) with { Events = Scenario.HealthyEvents with { Evicted = 2950 } };
        var stalled = Scenario.Window(20, keys: 7000) with
        {
            Events = CollapsedWrites with { Evicted = 12 },
            Health = Scenario.Health(7000, otherKeys: 26_000) with { UsedMemoryBytes = 990 },
        };

        var d = _classifier.Classify(Scenario.Verdict(stalled), Scenario.History(), sinceHealthy: [onset]);

        Assert.Equal(Cause.SessionsEvicted, d.Cause);
        Assert.Equal(2962, d.Evidence["evicted_events"]);
        Assert.Contains("2,962 session keys evicted in the last 2 minutes", d.Reading, StringComparison.Ordinal);
        Assert.Equal(Cause.SessionPrefixChanged, _classifier.Classify(Scenario.Verdict(stalled), Scenario.History()).Cause);
    }

    [Fact]
    public void PrefixChangeOnAShortTtl_SessionsLeftBehindExpireTogether_OtherKeysReadAgainstTheSnapshotsCount()
    {
        // A 5-minute TTL: the sessions the old prefix left behind expire within one window. The window's averaged
        // count (7,000) lags the count of the snapshot the INFO figures came with (1,000); read against the average
        // the other keys would seem to shrink, read against the snapshot they took up the 3,100 sessions that moved.
        var w = Scenario.Window(20, keys: 7000) with
        {
            Events = CollapsedWrites,
            Health = Scenario.Health(1000, otherKeys: 23_100),
            SessionKeysAtHealth = 1000,
        };

        var d = Classify(w);

        Assert.Equal(Cause.SessionPrefixChanged, d.Cause);
        Assert.Equal(23_100, d.Evidence["other_keys"]);
    }

    [Fact]
    public void PrefixChangeAtNight_NewPrefixHoldsFewerKeysThanTheModelMisses_ReadAtTheSnapshots_IsSessionPrefixChanged()
    {
        // A 5-minute TTL at night (traffic sim, PrefixChanged night): the sessions left behind expired by the snapshot,
        // the DB shrank by them, and the new prefix holds 2,000 keys of the shoppers still writing, not the 3,000 keys
        // the model misses (users of the connector's longer active window have no key there). Every reading of the
        // other keys comes with its own snapshot's session count, so no lag can fake the 2,000-key move.
        var history = Enumerable.Range(0, 10).Select(i => Scenario.Window(i) with
        {
            Health = Scenario.Health(10_000, otherKeys: 100_000),
            SessionKeysAtHealth = 10_000,
        }).ToList();
        var w = Scenario.Window(20, keys: 7000) with
        {
            Events = CollapsedWrites,
            Health = Scenario.Health(0, otherKeys: 102_000),
            SessionKeysAtHealth = 0,
        };

        var d = _classifier.Classify(Scenario.Verdict(w), history);

        Assert.Equal(Cause.SessionPrefixChanged, d.Cause);
        Assert.Equal(102_000, d.Evidence["other_keys"]);
    }

    [Fact]
    public void WriteCollapseWhileTheDbShrinksWithTheSessions_IsNotSessionPrefixChanged()
    {
        // Other keys seem to grow by 1,600 (INFO read before the averaged session count fell), but the DB as a
        // whole shrank: the keys are gone, not moved.
        var w = Scenario.Window(20, keys: 7000) with { Events = CollapsedWrites, Health = Scenario.Health(7000, otherKeys: 21_600) };

        Assert.Equal(Cause.SessionWritesFailing, Classify(w).Cause);
    }

    [Fact]
    public void BotWaveDoublingUsers_WithShoppersWritesUnchanged_IsBotTraffic_NotWritesFailing()
    {
        // Writes per user halve because the users doubled, not because writes fell.
        var d = Classify(Scenario.Window(20, keys: 10_000, users: 21_000));

        Assert.Equal(Cause.BotTraffic, d.Cause);
    }
}
