namespace StreamDrift.Core.Classification;

public sealed partial class CauseClassifier
{
    // Too many keys: sessions written without a TTL (or with one far too long) never leave.
    private Diagnosis? Orphaned(WindowFacts f)
    {
        var ttl = f.Window.Ttl;
        var timeout = _options.SessionTimeout.TotalSeconds;
        var persists = f.Window.Events.Persist;
        var enoughSample = ttl is not null && ttl.Sampled >= _options.MinTtlSamples;
        var noTtl = enoughSample && ttl!.ShareWithoutTtl >= _options.WithoutTtlShare;
        var longTtl = enoughSample && ttl!.P90Seconds > _options.LongTtlFactor * timeout;
        if (!noTtl && !longTtl && persists <= 0)
        {
            return null;
        }
        var ev = new Dictionary<string, double> { ["surplus_keys"] = -f.Missing, ["persist_events"] = persists };
        if (ttl is not null)
        {
            ev["ttl_without_share"] = ttl.ShareWithoutTtl;
            ev["ttl_p90_seconds"] = ttl.P90Seconds;
            ev["ttl_sampled"] = ttl.Sampled;
        }
        var confidence = noTtl || longTtl ? 0.65 : 0.5;
        confidence += (noTtl || longTtl) && persists > 0 ? 0.1 : 0;
        // Growing faster than the model explains: the residual itself keeps rising window after window.
        var growing = f.ResidualGrowth > 0 || (f.HealthyDrift is { } healthyDrift ? f.Drift > healthyDrift : f.Drift > f.Window.Trend.Mean);
        ev["drift_growing"] = growing ? 1 : 0;
        confidence += growing ? 0.15 : 0;
        return Make(Cause.OrphanedSessions, confidence, f, ev, Readings.Orphaned(f, ttl, persists, timeout, growing), direct: true);
    }
}
