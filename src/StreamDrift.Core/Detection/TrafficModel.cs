using StreamDrift.Core.Windows;

namespace StreamDrift.Core.Detection;

/// <summary>
/// The part of a store's healthy key surplus that moves with the traffic: keys of shoppers who already
/// left the connector's "active" set but whose session has not expired yet. By Little's law these
/// lingering keys are departures per second x (session TTL - the connector's active window); departures
/// are arrivals minus the growth of active users. Arrivals are read from the keyspace (new session keys
/// per keys-per-shopper) while that agrees with the users side, otherwise from the users side (active
/// users / their learned turnover time), so a Redis that stops taking writes cannot make its own loss
/// look expected. Constant memory and a few dozen additions per window.
/// </summary>
internal sealed class TrafficModel
{
    /// <summary>New keys below this share of the lowest recent rate mean the key side is no witness (writes lost).</summary>
    private const double CollapseShare = 0.5;

    /// <summary>Recent healthy arrival figures kept; the lowest is the floor a collapse is measured against.</summary>
    private const int RecentArrivals = 10;

    /// <summary>After this many windows a collapse is the new rate (arrivals did fall), not a fault of the key side.</summary>
    private const int MaxCollapseWindows = 30;

    /// <summary>Key-side departures above this multiple of the users side's are keys re-created, not shoppers.</summary>
    private const double SurgeFactor = 2;

    private readonly double _ttlSeconds;
    private DepartureLedger? _ledger;
    private readonly RollingValues _turnover;
    private double _previousUsers = double.NaN;
    private double _firstUsers = double.NaN;
    private double _lastDepartures;
    private readonly double[] _recentArrivals = new double[RecentArrivals];
    private int _recentCount;
    private int _collapsedFor;
    private double _carriedNew;
    private double _previousShare = 1;

    public TrafficModel(TimeSpan sessionTtl, int learnWindows, MedianScratch scratch)
    {
        _ttlSeconds = sessionTtl.TotalSeconds;
        _turnover = new RollingValues(learnWindows, scratch);
    }

    /// <summary>Seconds a shopper stays in the connector's active set, learned from calm windows (null until known).</summary>
    public double? TurnoverSeconds => _turnover.Count >= 3 ? _turnover.MedianAndMad().Median : null;

    /// <summary>Shoppers who left but whose keys still live (negative when the connector's window outlasts the TTL).</summary>
    public double Lingering(DriftWindow window, double users, double keysPerShopper)
    {
        var seconds = Seconds(window);
        var turnover = TurnoverSeconds;
        // Users and keys are as of the samples' mean time, events count to the window's end: the arrivals that
        // match the users' growth are those between the previous window's sample time and this one's.
        var share = window.SampleTime is { } at ? Math.Clamp((at - window.Start).TotalSeconds / seconds, 0, 1) : 1;
        var newKeys = (_carriedNew * (1 - _previousShare)) + (window.Events.New * share);
        _carriedNew = window.Events.New;
        _previousShare = share;
        var fromKeys = newKeys / keysPerShopper;
        var growth = double.IsNaN(_previousUsers) ? 0 : users - _previousUsers;
        var arrivals = FromUsersOnSurge(Arrivals(fromKeys), users, growth, seconds, turnover);
        // Users that grew by more than the arrivals seen (bots, users without sessions) hide no departures.
        var departures = Math.Max(0, arrivals - growth);
        if (double.IsNaN(_firstUsers))
        {
            _firstUsers = users;
        }

        _previousUsers = users;
        _lastDepartures = departures;
        // The ledger reaches back one TTL (plus a window) in the store's own window size, known at its first window.
        _ledger ??= new DepartureLedger((int)Math.Ceiling(_ttlSeconds / seconds) + 1);
        _ledger.Add(departures);
        var span = _ttlSeconds - (window.ActiveWindowSeconds ?? 0);
        // Before the first window the store was watched, assume the steady state of that first window.
        var unknownPerWindow = turnover is { } known ? _firstUsers * seconds / known : 0;
        return Math.Sign(span) * _ledger.SumLast(Math.Abs(span) / seconds, unknownPerWindow);
    }

    // Arrivals are read from the keyspace (new keys per keys-per-shopper), exact while Redis takes writes. A
    // sudden collapse below half the lowest recent rate is Redis or the application losing writes, not
    // shoppers staying away: then the lowest recent rate stands in, so the loss shows as missing keys.
    private double Arrivals(double fromKeys)
    {
        var floor = double.MaxValue;
        for (var i = 0; i < _recentCount; i++)
        {
            floor = Math.Min(floor, _recentArrivals[i]);
        }

        if (_recentCount == RecentArrivals && fromKeys < CollapseShare * floor && _collapsedFor < MaxCollapseWindows)
        {
            _collapsedFor++;
            return floor;
        }

        _collapsedFor = 0;
        Array.Copy(_recentArrivals, 0, _recentArrivals, 1, RecentArrivals - 1);
        _recentArrivals[0] = fromKeys;
        _recentCount = Math.Min(_recentCount + 1, RecentArrivals);
        return fromKeys;
    }

    // A burst of new keys while users stay flat is the application re-creating keys Redis evicted or lost
    // (an eviction storm), not shoppers arriving: read as arrivals they would linger for a TTL and make the
    // loss look expected, so the alert could never close. Key-side departures beyond a multiple of what the
    // users side implies (active users / turnover time) make the key side no witness: the users side stands
    // in. Real traffic surges show as users' growth and pass.
    private static double FromUsersOnSurge(double fromKeys, double users, double growth, double seconds, double? turnover)
    {
        if (turnover is not { } known)
        {
            return fromKeys;
        }

        var usersSide = users * seconds / known;
        return fromKeys - Math.Max(growth, 0) > SurgeFactor * usersSide ? Math.Max(growth, 0) + usersSide : fromKeys;
    }

    /// <summary>A window without users (no sample, stale connector): departures go on as last seen.</summary>
    public void Skip()
    {
        _ledger?.Add(_lastDepartures);
        (_carriedNew, _previousShare) = (0, 1);
    }

    /// <summary>Learns the turnover time from a calm window: active users x seconds / arrivals.</summary>
    public void Learn(DriftWindow window, double users, double keysPerShopper)
    {
        if (window.Events.New <= 0 || users < 1)
        {
            return;
        }

        _turnover.Add(users * Seconds(window) * keysPerShopper / window.Events.New);
    }

    private static double Seconds(DriftWindow window) => Math.Max((window.End - window.Start).TotalSeconds, 1);
}
