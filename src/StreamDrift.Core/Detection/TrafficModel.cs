using StreamDrift.Core.Windows;

namespace StreamDrift.Core.Detection;

/// <summary>
/// The part of a store's healthy key surplus that moves with the traffic: keys of shoppers who already
/// left the connector's "active" set but whose session has not expired yet. By Little's law these
/// lingering keys are departures per second x (session TTL - the connector's active window); departures
/// are arrivals minus the growth of active users. Arrivals are read from the keyspace (new session keys
/// per keys-per-shopper) while that agrees with the users side, otherwise from the users side (active
/// users x their learned new keys per user-second), so a Redis that stops taking writes cannot make its
/// own loss look expected. Constant memory and a few dozen additions per window.
/// </summary>
internal sealed class TrafficModel
{
    /// <summary>New keys below this share of the lowest recent rate mean the key side is no witness (writes lost).</summary>
    private const double CollapseShare = 0.5;

    /// <summary>Recent healthy arrival figures kept; the lowest is the floor a collapse is measured against.</summary>
    private const int RecentArrivals = 10;

    /// <summary>After this many windows a collapse is the new rate (arrivals did fall), not a fault of the key side.</summary>
    private const int MaxCollapseWindows = 30;

    /// <summary>Recent departures per window kept: their median stands in when users grow past the arrivals.</summary>
    private const int RecentDepartures = 5;

    /// <summary>Key-side departures above this multiple of the users side's are keys re-created, not shoppers.</summary>
    private const double SurgeFactor = 2;

    /// <summary>Calm windows of the arrival rate needed before the model can guess the departures it never saw.</summary>
    private const int ReadyWindows = 3;

    private readonly double _ttlSeconds;
    private DepartureLedger? _ledger;
    private readonly RollingValues _newKeysPerUserSecond;
    private readonly RollingValues _recentExpired;
    private readonly RollingValues _recentDepartures;
    private double _previousUsers = double.NaN;
    private double _firstUsers = double.NaN;
    private double _lastDepartures;
    private readonly double[] _recentArrivals = new double[RecentArrivals];
    private int _recentCount;
    private int _collapsedFor;
    private double _carriedNew;
    private double _previousShare = 1;
    private int _skipped;
    private double _owed;
    private double _guessed;

    public TrafficModel(TimeSpan sessionTtl, int learnWindows, MedianScratch scratch)
    {
        _ttlSeconds = sessionTtl.TotalSeconds;
        _newKeysPerUserSecond = new RollingValues(learnWindows, scratch);
        _recentExpired = new RollingValues(ReadyWindows, scratch);
        _recentDepartures = new RollingValues(RecentDepartures, scratch);
    }

    /// <summary>
    /// True once the arrival rate per active user is learned: before that the departures of the time before the
    /// first window are unknown, so the lingering estimate (and any level judged against it) is not yet sound.
    /// </summary>
    public bool Ready => _newKeysPerUserSecond.Count >= ReadyWindows;

    /// <summary>
    /// New session keys per active user and second, the median of calm windows (null until <see cref="Ready"/>).
    /// Kept in keys, not shoppers, so that it does not depend on the keys-per-shopper figure it helps to learn.
    /// </summary>
    private double? NewKeysPerUserSecond => Ready ? _newKeysPerUserSecond.MedianAndMad().Median : null;

    /// <summary>Shoppers who left but whose keys still live (negative when the connector's window outlasts the TTL).</summary>
    public double Lingering(DriftWindow window, double users, double keysPerShopper)
    {
        var seconds = window.Seconds;
        var rate = NewKeysPerUserSecond;
        var growth = double.IsNaN(_previousUsers) ? 0 : users - _previousUsers;
        if (double.IsNaN(_firstUsers))
        {
            _firstUsers = users;
        }

        _previousUsers = users;
        // The ledger reaches back one TTL (plus a window) in the store's own window size, known at its first window.
        _ledger ??= new DepartureLedger((int)Math.Ceiling(_ttlSeconds / seconds) + 1);
        double departures;
        if (window.EventsKnown)
        {
            // Users and keys are as of the samples' mean time, events count to the window's end: the arrivals that
            // match the users' growth are those between the previous window's sample time and this one's.
            var share = window.SampleTime is { } at ? Math.Clamp((at - window.Start).TotalSeconds / seconds, 0, 1) : 1;
            var newKeys = (_carriedNew * (1 - _previousShare)) + (window.Events.New * share);
            (_carriedNew, _previousShare) = (window.Events.New, share);
            _recentExpired.Add(window.Events.Expired);
            // After windows without users the users' growth spans them too, and so do the arrivals carried over
            // them: the checks below read one window's worth, the departures count the whole span less what the
            // skipped windows already recorded as a guess.
            var spanned = 1.0 + _skipped;
            var usersSide = rate is { } r && r > 0 ? r * users * seconds / keysPerShopper : (double?)null;
            var arrivals = spanned * FromUsersOnSurge(Arrivals(newKeys / keysPerShopper / spanned, usersSide), growth / spanned, usersSide);
            // A store whose keyspace shows no arrivals at all (no new-key events) gives no witness: the users' noise
            // alone would read as departures. Users that grew by more than the arrivals seen (a bot wave: users
            // without sessions) hide the departures rather than stop them: shoppers already on the site leave at the
            // pace of earlier arrivals, which cannot halve from one window to the next, so the recent departures
            // stand in (read as none, their keys would be missing from the expected keys for a TTL and hide the wave).
            // What stood in is owed: when the next windows measure more than usual (the users' samples lag the
            // keys in a flash sale, and the growth they missed shows a window later), the excess repays it, so
            // the departures over time still add up to arrivals less growth. Users who stay without sessions
            // (bots) bring no excess: their debt is repaid only as the noise allows.
            var measured = Math.Max(0, arrivals - growth - _guessed);
            var usual = _recentDepartures.Count >= ReadyWindows ? _recentDepartures.MedianAndMad().Median : 0;
            if (rate == 0)
            {
                departures = 0;
            }
            else if (arrivals - growth - _guessed <= 0)
            {
                departures = usual;
                _owed += usual - measured;
            }
            else
            {
                var repay = Math.Min(_owed, Math.Max(0, measured - usual));
                departures = measured - repay;
                _owed -= repay;
            }

            _lastDepartures = (departures + _guessed) / spanned;
            _recentDepartures.Add(_lastDepartures);
            (_skipped, _guessed) = (0, 0);
        }
        else
        {
            // No events seen (the first window after start): zero new keys means "not seen", and read as zero
            // departures it would leave a hole in the ledger that drops out one TTL later as a jump in the
            // expected keys. Unknown windows count the steady-state guess instead.
            (_carriedNew, _previousShare, _skipped, _guessed) = (0, 1, 0, 0);
            departures = double.NaN;
        }

        _ledger.Add(departures);
        var span = _ttlSeconds - (window.ActiveWindowSeconds ?? 0);
        // Departures before the first window are not seen, but their keys are: within one TTL of the start, every
        // `expired` event on the prefix is the key of a shopper who left before it (keys of later leavers expire a
        // TTL after they left). The recent expiries per window stand for the unseen departures: the steady state
        // when the store was already busy, nothing when it starts from zero traffic, and no guess from arrivals
        // that a morning ramp or a marketing push would inflate.
        var unknownPerWindow = _recentExpired.Count > 0 ? _recentExpired.MedianAndMad().Median / keysPerShopper : 0;
        return Math.Sign(span) * _ledger.SumLast(Math.Abs(span) / seconds, unknownPerWindow);
    }

    // Arrivals are read from the keyspace (new keys per keys-per-shopper), exact while Redis takes writes. A
    // sudden collapse below half the lowest recent rate is Redis or the application losing writes, not
    // shoppers staying away: then the users side (active users x their learned new keys per user-second) stands
    // in, so the loss shows as missing keys; the lowest recent rate only while no rate is learned (the lowest of
    // a rising morning, or the partial window the writes stopped in, would undercount the shoppers who come).
    private double Arrivals(double fromKeys, double? usersSide)
    {
        var floor = double.MaxValue;
        for (var i = 0; i < _recentCount; i++)
        {
            floor = Math.Min(floor, _recentArrivals[i]);
        }

        if (_recentCount == RecentArrivals && fromKeys < CollapseShare * floor && _collapsedFor < MaxCollapseWindows)
        {
            _collapsedFor++;
            return usersSide ?? floor;
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
    // users side implies (active users x new keys per user-second) make the key side no witness: the users side stands
    // in. Real traffic surges show as users' growth and pass.
    private static double FromUsersOnSurge(double fromKeys, double growth, double? usersSide)
    {
        if (usersSide is not { } expected)
        {
            return fromKeys;
        }

        return fromKeys - Math.Max(growth, 0) > SurgeFactor * expected ? Math.Max(growth, 0) + expected : fromKeys;
    }

    /// <summary>
    /// A window without users (no sample, stale connector): departures go on as last seen, as a guess. Its new keys
    /// are carried to the next window with users, whose growth is measured from the last users known: that window
    /// counts the departures of the whole span less the guesses (dropping the carried keys would read the span's
    /// growth against one window's arrivals, and a rising store would show a hole of departures for a TTL).
    /// </summary>
    public void Skip(DriftWindow window)
    {
        _ledger?.Add(_lastDepartures);
        if (!window.EventsKnown || double.IsNaN(_previousUsers))
        {
            (_carriedNew, _previousShare, _skipped, _guessed) = (0, 1, 0, 0);
            return;
        }

        _carriedNew = (_carriedNew * (1 - _previousShare)) + window.Events.New;
        _previousShare = 0;
        _skipped++;
        _guessed += _lastDepartures;
    }

    /// <summary>Learns the arrival rate from a calm window: new keys per active user and second.</summary>
    public void Learn(DriftWindow window, double users)
    {
        // A calm window without new keys teaches a rate of zero (a store whose sessions are not created here).
        if (!window.EventsKnown || users < 1)
        {
            return;
        }

        _newKeysPerUserSecond.Add(window.Events.New / (users * window.Seconds));
    }
}
