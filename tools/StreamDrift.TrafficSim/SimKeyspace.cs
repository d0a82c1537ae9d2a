namespace StreamDrift.TrafficSim;

/// <summary>
/// The session keys of one store as cohorts on the simulation's clock: keys of present shoppers (kept alive
/// by their requests), keys of departed shoppers scheduled to expire one TTL after their last write (a ring
/// indexed by step), and keys without a TTL. Keeps the cumulative keyspace-event tallies Redis would publish
/// and what StreamDrift's counter would read. Deterministic given the shoppers, so a healthy twin fed the
/// same shoppers tells how far a fault moved the keys.
/// </summary>
internal sealed partial class SimKeyspace
{
    private readonly StoreProfile _p;
    private readonly double _dt;
    private readonly double[] _expiring;
    private readonly int _ttlSteps;
    private int _step;
    private double _presentKeys;
    private double _lingering;
    private double _previousPresent;

    public SimKeyspace(StoreProfile profile, double dtSeconds, Shoppers start, FaultPlan? fault)
    {
        _p = profile;
        _dt = dtSeconds;
        Fault = fault;
        _ttlSteps = Math.Max(1, (int)Math.Round(profile.SessionTtl.TotalSeconds / dtSeconds));
        _expiring = new double[(_ttlSteps * 2) + 8];
        var m = profile.KeysPerShopper;
        _presentKeys = m * start.Present;
        _previousPresent = start.Present;
        var perStep = m * start.Present * dtSeconds / profile.VisitSeconds;
        for (var k = 1; k <= _ttlSteps; k++)
        {
            _expiring[k % _expiring.Length] = perStep;
        }

        _lingering = perStep * _ttlSteps;
        Counter = TrueKeys;
    }

    public FaultPlan? Fault { get; }
    public double TrueKeys => _presentKeys + _lingering + Orphans;
    /// <summary>What StreamDrift's event counter reads: the true count (after a failover, on the promoted primary it follows).</summary>
    public double Counter { get; private set; }
    /// <summary>
    /// True on the step of a failover: the watcher's topology check (every INFO interval, 1 s) sees the primaries
    /// change, which is a gap: the count is uncertain until the reconcile it asks for at once.
    /// </summary>
    public bool Switched { get; private set; }
    public double Orphans { get; private set; }
    public double OtherPrefixKeys { get; private set; }
    public double New { get; private set; }
    public double Set { get; private set; }
    public double Expire { get; private set; }
    public double Expired { get; private set; }
    public double Evicted { get; private set; }
    public double EvictedThisStep { get; private set; }
    public int SubscriptionGaps { get; private set; }
    private double WriteShare { get; set; } = 1;
    private double TtlSteps => Active(SimFault.ExpiringEarly) ? Fault!.ShortTtlSeconds / _dt : _ttlSteps;

    public bool Active(SimFault fault) => Fault is { } f && f.Fault == fault && f.Started;

    public void Step(Shoppers s)
    {
        _step++;
        Switched = false;
        if (Fault is { } f && f.StartsAt(_step))
        {
            Start(f, s);
        }

        var m = _p.KeysPerShopper;
        var keyed = _previousPresent > 0 ? Math.Min(1, _presentKeys / (m * _previousPresent)) : 1;
        var keyDepartures = Math.Min(_presentKeys, s.Departures * m * keyed);
        _presentKeys -= keyDepartures;
        var created = s.Arrivals * m * WriteShare;
        _presentKeys += created;
        New += created;
        var orphanShare = Active(SimFault.Orphans) ? Fault!.OrphanShare : 0;
        Orphans += keyDepartures * orphanShare;
        Schedule(keyDepartures * (1 - orphanShare), (int)Math.Round(TtlSteps));

        var requests = s.Present * _dt / _p.RequestGapSeconds;
        Set += requests * m * WriteShare * 0.5;
        Expire += requests * m * WriteShare * 0.5;
        if (Active(SimFault.ExpiringEarly))
        {
            // Shoppers idle longer than the short TTL lose their key and get a new one at their next request.
            var recreated = _presentKeys * Math.Exp(-Fault!.ShortTtlSeconds / _p.RequestGapSeconds) * _dt / _p.RequestGapSeconds;
            Expired += recreated;
            New += recreated;
        }

        var slot = _step % _expiring.Length;
        var expiring = _expiring[slot];
        _expiring[slot] = 0;
        _lingering -= expiring;
        Expired += expiring;

        EvictedThisStep = Active(SimFault.Evicted) ? Evict(Fault!.EvictedPerMinute * TrueKeys * _dt / 60) : 0;
        if (Active(SimFault.PrefixChanged))
        {
            OtherPrefixKeys += (s.Arrivals * m) - (OtherPrefixKeys * _dt / (_p.VisitSeconds + _p.SessionTtl.TotalSeconds));
        }

        _previousPresent = s.Present;
        Counter = TrueKeys;
    }

    private void Start(FaultPlan f, Shoppers s)
    {
        f.Started = true;
        var refused = f.Fault switch
        {
            SimFault.WritesRefused => f.RefusedShare,
            SimFault.FailoverToReplica or SimFault.PrefixChanged => 1.0,
            _ => 0.0,
        };
        if (refused > 0)
        {
            // Present shoppers' keys are no longer refreshed: each expires one TTL after its last write.
            var unrefreshed = _presentKeys * refused;
            _presentKeys -= unrefreshed;
            Schedule(unrefreshed, Math.Max(1, (int)Math.Round((_p.SessionTtl.TotalSeconds - (_p.RequestGapSeconds / 2)) / _dt)));
            WriteShare = 1 - refused;
        }

        if (f.Fault == SimFault.PrefixChanged)
        {
            OtherPrefixKeys = _p.KeysPerShopper * s.Present;
        }

        if (f.Fault == SimFault.FailoverToReplica)
        {
            // What `run` does (TopologyFollower, README "Topologies"): the primaries changed, a gap; the subscription
            // moves to the promoted primary, whose keys expire with their events, and a reconcile runs at once. The
            // application still writes to the demoted primary, which refuses every write with READONLY.
            SubscriptionGaps++;
            Switched = true;
        }
    }

    private void Schedule(double keys, int stepsAhead)
    {
        _expiring[(_step + Math.Clamp(stepsAhead, 1, _expiring.Length - 1)) % _expiring.Length] += keys;
        _lingering += keys;
    }

    // allkeys-lru takes the least recently used first: lingering keys closest to expiry, and a share of
    // present shoppers' keys (those shoppers are logged out and get a new key at their next request).
    private double Evict(double keys)
    {
        var fromPresent = Math.Min(_presentKeys, keys * 0.2);
        New += fromPresent;
        var remaining = keys - fromPresent;
        for (var k = 1; k < _expiring.Length && remaining > 0; k++)
        {
            var slot = (_step + k) % _expiring.Length;
            var take = Math.Min(_expiring[slot], remaining);
            _expiring[slot] -= take;
            _lingering -= take;
            remaining -= take;
        }

        var evicted = keys - remaining;
        Evicted += evicted;
        return evicted;
    }
}
