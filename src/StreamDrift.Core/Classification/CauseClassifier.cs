using StreamDrift.Core.Detection;
using StreamDrift.Core.Windows;

namespace StreamDrift.Core.Classification;

/// <summary>
/// Tells why a store drifted, from evidence StreamDrift observed in the window and in the store's
/// recent healthy windows: keyspace events on the session prefixes, INFO figures, sampled TTLs, write
/// rates and orders. Rules run from the most direct evidence (Redis refusing writes, evictions seen on
/// the prefix) to the most circumstantial (a user surge nothing on the Redis side follows); the first
/// that holds names the cause. Stateless and thread-safe: the caller (usually <c>AlertTracker</c>)
/// keeps the history.
/// </summary>
public sealed partial class CauseClassifier
{
    private readonly ClassifierOptions _options;

    /// <summary>Creates a classifier; throws when an option is out of range.</summary>
    public CauseClassifier(ClassifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>Explains one judged window.</summary>
    /// <param name="verdict">The detector's verdict on the window.</param>
    /// <param name="healthyHistory">Recent windows of the same store the detector judged normal, oldest first.</param>
    /// <param name="sinceHealthy">
    /// The store's windows since its last healthy one, oldest first, this one excluded: what happened since the drift
    /// began. Evictions seen there still explain the keys missing now, when this window's own events stalled.
    /// </param>
    public Diagnosis Classify(DetectorVerdict verdict, IReadOnlyList<DriftWindow> healthyHistory, IReadOnlyList<DriftWindow>? sinceHealthy = null)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        ArgumentNullException.ThrowIfNull(healthyHistory);
        var w = verdict.Window;
        if (w.Stale || verdict.State == DriftState.Stale)
        {
            return Stale(w);
        }
        if (w.Drift is null)
        {
            // A window that no sample fell in, before the connector counts as stale (a 30-60 s cadence
            // leaves some 60 s windows empty): nothing to judge, and not a stale connector either.
            return new Diagnosis(Cause.None, 1.0, new Dictionary<string, double> { ["user_samples"] = 0 },
                "No active-users sample fell in this window: the drift is not judged and the store's state carries over.", []);
        }
        if (verdict.State == DriftState.Normal)
        {
            return Diagnosis.None;
        }
        var facts = WindowFacts.From(verdict, healthyHistory, sinceHealthy ?? []);
        return facts.Missing >= 0 ? ClassifyDeficit(facts) : ClassifySurplus(facts);
    }

    private static Diagnosis Stale(DriftWindow w)
    {
        var evidence = new Dictionary<string, double> { ["user_samples"] = w.Samples };
        if (w.SessionKeys is { } keys)
        {
            evidence["session_keys"] = keys;
        }
        return new Diagnosis(Cause.ConnectorStale, 1.0, evidence,
            Readings.Stale(w), Mitigations.For(Cause.ConnectorStale));
    }

    // A write collapse is read before short TTLs: keys nobody refreshes any more age towards zero, so
    // sampled TTLs look short when writes fail or go to another prefix, though no bad TTL was written.
    // Bot lifetimes are read before short TTLs too: where the session store gives bots a one-minute lifetime
    // (Magento), a bot wave shortens the sampled TTLs though no shopper's session expires early.
    private Diagnosis ClassifyDeficit(WindowFacts f) =>
        RedisRefusing(f) ?? Evicted(f) ?? WritesCollapsed(f) ?? BotSessions(f) ?? ExpiringEarly(f) ?? Bots(f) ?? Unknown(f);

    // A replica or an unreachable Redis distorts the count either way (no events, a frozen counter), so it
    // explains a surplus as well as a deficit. Short TTLs explain one too: the model reads expired events as
    // departures, and where the connector counts a user active longer than the TTL, a wave of keys expiring
    // early (and re-created at the shopper's next page view) lowers the keys it expects faster than the keys
    // fall, so the store seems to hold more keys than it should. The TTL sample and the expiry spike decide.
    private Diagnosis ClassifySurplus(WindowFacts f) => RedisRefusing(f) ?? Orphaned(f) ?? ExpiringEarly(f) ?? Unknown(f);

    // Direct evidence is a Redis-side observation specific to the cause (refused writes, evictions on the prefix,
    // sampled TTLs, keys without TTL, keys moved to another prefix, bot lifetimes in the samples): it may corroborate
    // a drift that has not been material for the full sustained run yet (DetectorOptions.CorroboratedWindows). Rates
    // alone (writes per user, expiry and creation spikes, users nothing follows) are circumstantial.
    private Diagnosis Make(Cause cause, double confidence, WindowFacts f, Dictionary<string, double> evidence, string detail, bool direct = false)
    {
        evidence["session_keys"] = f.Keys;
        evidence["active_users"] = f.Users;
        evidence["drift"] = f.Drift;
        evidence["expected_drift"] = f.ExpectedDrift;
        evidence["session_timeout_seconds"] = _options.SessionTimeout.TotalSeconds;
        return new Diagnosis(cause, Math.Clamp(confidence, 0, 1), evidence,
            Readings.Headline(f) + detail, Mitigations.For(cause)) { Direct = direct };
    }
}
