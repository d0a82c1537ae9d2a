using static System.FormattableString;

namespace StreamDrift.Core.Classification;

public sealed partial class CauseClassifier
{
    /// <summary>Users must have risen by at least this share of the shoppers without keys for bots to explain them.</summary>
    private const double BotsShareOfMissing = 0.5;

    // Redis itself refusing or unable to take writes is the most direct evidence: nothing else matters.
    private Diagnosis? RedisRefusing(WindowFacts f)
    {
        var w = f.Window;
        var h = w.Health;
        var ev = new Dictionary<string, double> { ["redis_reachable"] = w.RedisReachable ? 1 : 0 };
        string? why = null;
        var confidence = 0.0;
        if (!w.RedisReachable)
        {
            (why, confidence) = ("Redis did not answer during the window: session writes cannot land.", 0.9);
        }
        else if (h is { Role: "slave" or "replica" })
        {
            ev["role_replica"] = 1;
            (why, confidence) = ("the watched instance is now a read-only replica (failover?): session writes are refused.", 0.9);
        }
        else if (h is { ReadOnlyErrorsPerSecond: > 0 })
        {
            ev["readonly_errors_per_second"] = h.ReadOnlyErrorsPerSecond;
            (why, confidence) = (Invariant($"a replica refused {h.ReadOnlyErrorsPerSecond:N1} writes/s with READONLY: an application still writes its sessions to a demoted primary after a failover, and they are lost."), 0.85);
        }
        else if (h is { RejectedConnectionsPerSecond: > 0 })
        {
            ev["rejected_connections_per_second"] = h.RejectedConnectionsPerSecond;
            (why, confidence) = (Invariant($"Redis rejected {h.RejectedConnectionsPerSecond:N1} connections/s ({h.ConnectedClients:N0} of {h.MaxClients:N0} clients): new sessions cannot be written."), 0.8);
        }
        else if (h?.ClientsUsedRatio is { } clients && clients >= _options.ClientsPressureRatio)
        {
            ev["clients_used_ratio"] = clients;
            (why, confidence) = (Invariant($"connected clients sit at {clients * 100:0}% of maxclients: the pool is exhausted and writes are failing."), 0.7);
        }
        if (why is null)
        {
            return null;
        }
        ev["writes"] = w.Events.Writes;
        return Make(Cause.SessionWritesFailing, confidence, f, ev, why, direct: true);
    }

    // Evictions must be seen on the session prefix itself: INFO evicted_keys alone may be cache keys. They are counted
    // since the store was last healthy, not in this window alone: an evicted session stays missing, and a window in
    // which the shop's writes stall (and with them the cache writes that evict) must not read as another cause.
    private Diagnosis? Evicted(WindowFacts f)
    {
        var w = f.Window;
        var evicted = f.EvictedSinceHealthy;
        if (evicted <= 0 || evicted < _options.EvictedShareOfMissing * f.Missing)
        {
            return null;
        }
        var h = w.Health;
        var confidence = 0.6 + Math.Min(0.1, 0.1 * evicted / Math.Max(f.Missing, 1));
        var ev = new Dictionary<string, double> { ["evicted_events"] = evicted, ["evicted_events_in_window"] = w.Events.Evicted, ["missing_keys"] = f.Missing };
        if (h is not null)
        {
            ev["info_evicted_keys_per_second"] = h.EvictedKeysPerSecond;
            ev["evicts_any_key"] = h.EvictsAnyKey ? 1 : 0;
            confidence += h.EvictedKeysPerSecond > 0 ? 0.05 : 0;
            confidence += h.EvictsAnyKey ? 0.1 : 0;
            if (h.MemoryUsedRatio is { } mem)
            {
                ev["memory_used_ratio"] = mem;
                confidence += mem >= _options.MemoryPressureRatio ? 0.1 : 0;
            }
        }
        if (f.OtherKeys is { } other)
        {
            ev["other_keys"] = other;
        }
        return Make(Cause.SessionsEvicted, Math.Min(confidence, 0.95), f, ev, Readings.Evicted(f), direct: true);
    }

    // Expired events lag TTLs (lazy expiry), so the sampled TTLs decide; the event rate only adds weight.
    // TTLs are sampled at each reconcile, so the sample may mix keys written before a bad deploy with keys
    // written after it: then a short median with an expiry spike already tells, before the 90th percentile does.
    private Diagnosis? ExpiringEarly(WindowFacts f)
    {
        var ttl = f.Window.Ttl;
        var timeout = _options.SessionTimeout.TotalSeconds;
        if (ttl is null || ttl.Sampled - ttl.WithoutTtl < _options.MinTtlSamples)
        {
            return null;
        }
        var spike = (f.HealthyExpiredPerSecond is { } usual && f.ExpiredPerSecond >= _options.ExpirySpikeFactor * Math.Max(usual, 1))
            || (f.HealthyExpiredPerUser is { } usualPerUser && usualPerUser > 0 && f.ExpiredPerUser >= _options.ExpirySpikeFactor * usualPerUser);
        // Fresh writes carry the bad TTL at once while keys of shoppers who left keep their old one: the median
        // falls far below the store's own healthy median long before the 90th percentile does.
        var belowUsual = f.HealthyTtlP50 is { } usualP50 && ttl.P50Seconds < _options.EarlyTtlFraction * usualP50;
        // Writes go on (a write collapse is read before this rule) yet no sampled key carries a TTL near the
        // timeout any more, where the store's healthy samples always held one: the keys written since the drift
        // began carry a short TTL, while the keys written before it only age, so the longest sampled TTL falls a
        // second per second. With a long timeout this tells long before the median or the 90th percentile of all
        // keys does. The fall must pass an eighth of the timeout (at the default fraction) below the healthy
        // longest TTL, far more than the request gap that separates a fresh sample's longest TTL from the timeout.
        var noFreshTimeout = f.HealthyTtlMax is { } usualMax && usualMax >= (1 - (_options.EarlyTtlFraction / 5)) * timeout
            && ttl.MaxSeconds < usualMax - (_options.EarlyTtlFraction / 4 * timeout) && f.WritesPerUser > 0;
        var shortTtls = ttl.P90Seconds < _options.EarlyTtlFraction * timeout
            || ((spike || belowUsual) && ttl.P50Seconds < _options.EarlyTtlFraction * timeout)
            || noFreshTimeout;
        if (!shortTtls)
        {
            return spike ? ExpiredAndRecreated(f) : null;
        }
        var ev = new Dictionary<string, double>
        {
            ["healthy_ttl_p50_seconds"] = f.HealthyTtlP50 ?? 0,
            ["ttl_p50_seconds"] = ttl.P50Seconds,
            ["ttl_p90_seconds"] = ttl.P90Seconds,
            ["ttl_max_seconds"] = ttl.MaxSeconds,
            ["ttl_sampled"] = ttl.Sampled,
            ["expired_events"] = f.Window.Events.Expired,
        };
        var confidence = 0.7;
        if (f.HealthyExpiredPerSecond is { } healthy)
        {
            ev["healthy_expired_per_second"] = healthy;
            confidence += f.ExpiredPerSecond > 2 * healthy ? 0.15 : 0;
        }
        confidence += ttl.MaxSeconds < _options.EarlyTtlFraction * timeout ? 0.05 : 0;
        return Make(Cause.SessionsExpiringEarly, confidence, f, ev, Readings.ExpiringEarly(f, timeout), direct: true);
    }

    // Before the next TTL sample shows the bad TTLs: keys expire far faster than usual AND new keys are created
    // far faster than usual, i.e. shoppers still on the site are logged out and get a fresh session at their next
    // page view. A lazy-expiry catch-up expires keys without the re-creations, so it does not match.
    private Diagnosis? ExpiredAndRecreated(WindowFacts f)
    {
        if (f.HealthyNewPerSecond is not { } usualNew || f.NewPerSecond < _options.ExpirySpikeFactor * Math.Max(usualNew, 1))
        {
            return null;
        }
        var ev = new Dictionary<string, double>
        {
            ["expired_events"] = f.Window.Events.Expired,
            ["healthy_expired_per_second"] = f.HealthyExpiredPerSecond ?? 0,
            ["new_keys"] = f.Window.Events.New,
            ["healthy_new_per_second"] = usualNew,
        };
        return Make(Cause.SessionsExpiringEarly, 0.6, f, ev, Readings.ExpiredAndRecreated(f, usualNew));
    }

    // Writes on the prefix collapsed per user: either they go elsewhere (other keys grow) or they fail.
    // They must collapse per user who still has a session too: users inflated without sessions (bots)
    // lower writes per user while the shoppers' writes go on as before.
    private Diagnosis? WritesCollapsed(WindowFacts f)
    {
        if (f.HistoryCount < _options.MinHistoryWindows || f.HealthyWritesPerUser is not { } healthy || healthy <= 0
            || f.WritesPerUser >= _options.WriteCollapseFraction * healthy
            || f.WritesPerKeyedUser >= _options.WriteCollapseFraction * healthy
            || (f.RecentUsers is { } recent && f.Window.Events.Writes >= _options.WriteCollapseFraction * healthy * Math.Min(recent, f.Users)))
        {
            return null;
        }
        var ev = new Dictionary<string, double> { ["writes_per_user"] = f.WritesPerUser, ["healthy_writes_per_user"] = healthy };
        if (f.OtherKeys is { } other && f.HealthyOtherKeys is { } healthyOther && OtherKeysGrew(f, other, healthyOther))
        {
            ev["other_keys"] = other;
            ev["healthy_other_keys"] = healthyOther;
            return Make(Cause.SessionPrefixChanged, 0.75, f, ev, Readings.PrefixChanged(f, healthy, healthyOther, other), direct: true);
        }
        return Make(Cause.SessionWritesFailing, 0.55, f, ev,
            Invariant($"session writes fell to {(f.WritesPerUser / healthy) * 100:0}% of their usual rate per user with no eviction, expiry or prefix evidence: writes are likely failing in the application."));
    }

    // Other keys count as grown when they grew by a share of the DB's other keys, or absorbed a share of the
    // missing sessions while the DB as a whole kept its size: on an instance shared with a cache much larger
    // than the sessions the first alone would not show. The DB's size is read from one INFO snapshot, so the
    // lag between it and the averaged session count (large while sessions fall fast) cannot fake a move.
    private bool OtherKeysGrew(WindowFacts f, double other, double healthyOther) =>
        other >= _options.OtherKeysGrowthFactor * Math.Max(healthyOther, 1)
        || (f.Missing > 0 && other - healthyOther >= _options.OtherKeysShareOfMissing * f.Missing
            && f.Window.Health is { } h && f.HealthyDbKeys is { } healthyDb && h.DbKeys >= healthyDb)
        // Against the latest healthy window rather than a median of windows when traffic was different: a
        // falling evening shrinks the whole DB, and the keys that moved prefix still show as a step.
        || (f.Missing > 0 && f.LastHealthyOtherKeys is { } last && other - last >= _options.OtherKeysShareOfMissing * f.Missing
            && f.Window.Health is { } now && f.LastHealthyDbKeys is { } lastDb
            // The DB kept its size, or (an evening decline shrinks it with the sessions that expire as shoppers
            // leave) the other keys took up at least every key the model misses, or both readings of the other
            // keys come from INFO snapshots read with their own session count: then no lag between the DB's size
            // and an averaged count can fake a move, and the keys that went elsewhere need not cover the lingering
            // keys the model misses too (the new prefix holds only the shoppers still writing).
            && (now.DbKeys >= lastDb || other - last >= f.Missing
                || (f.Window.SessionKeysAtHealth is not null && f.LastHealthyOtherKeysAtSnapshot)));

    // Users up while nothing on the Redis side (or the till) follows, and Redis reports no errors: read per
    // user, so a morning ramp or an evening decline is not a bot wave. The users who arrived write nothing:
    // writes per user fall, while the writes are what the users of the last healthy windows wrote.
    private Diagnosis? Bots(WindowFacts f)
    {
        if (f.HistoryCount < _options.MinHistoryWindows || f.HealthyWritesPerUser is not { } healthy || healthy <= 0
            || f.RecentUsers is not { } recent || f.MissingShoppers <= 0
            || f.Users - recent < BotsShareOfMissing * f.MissingShoppers
            || f.WritesPerUser > healthy / _options.FlatFactor
            || !Near(f.Window.Events.Writes, healthy * recent, _options.FlatFactor * _options.FlatFactor))
        {
            return null;
        }
        var ev = new Dictionary<string, double>
        {
            ["recent_active_users"] = recent,
            ["writes_per_user"] = f.WritesPerUser,
            ["healthy_writes_per_user"] = healthy,
            ["writes"] = f.Window.Events.Writes,
            ["writes_of_recent_users"] = healthy * recent,
        };
        if (f.BotShare is { } botShare)
        {
            ev["bot_share"] = botShare;
        }
        var confidence = 0.6;
        if (f.Window.Health is { } h && f.HealthyOpsPerUser is { } ops)
        {
            var opsPerUser = h.InstantaneousOpsPerSecond / Math.Max(f.Users, 1);
            if (opsPerUser >= ops)
            {
                return null;
            }
            ev["ops_per_user"] = opsPerUser;
            ev["healthy_ops_per_user"] = ops;
            confidence += 0.1;
        }
        if (f.Window.Orders is { } orders && f.HealthyOrdersPerUser is { } healthyOrders)
        {
            var ordersPerUser = orders / Math.Max(f.Users, 1);
            if (ordersPerUser >= healthyOrders)
            {
                return null;
            }
            ev["orders"] = orders;
            ev["orders_per_user"] = ordersPerUser;
            ev["healthy_orders_per_user"] = healthyOrders;
            confidence += 0.15;
        }
        return Make(Cause.BotTraffic, confidence, f, ev, Readings.Bots(f, recent));
    }

    private static bool Near(double value, double reference, double factor) => value >= reference / factor && value <= reference * factor;

    // UNKNOWN carries the per-user figures the rules weighed, so the reader can see what did not fit.
    private Diagnosis Unknown(WindowFacts f)
    {
        var ev = new Dictionary<string, double> { ["missing_keys"] = f.Missing, ["writes_per_user"] = f.WritesPerUser, ["writes_per_keyed_user"] = f.WritesPerKeyedUser };
        if (f.HealthyWritesPerUser is { } healthy)
        {
            ev["healthy_writes_per_user"] = healthy;
        }
        if (f.RecentUsers is { } recent)
        {
            ev["recent_active_users"] = recent;
        }
        return Make(Cause.Unknown, 0.3, f, ev, "no eviction, expiry, write-failure, prefix, orphan or traffic evidence explains it.");
    }
}
