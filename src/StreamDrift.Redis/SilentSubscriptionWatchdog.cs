using StreamDrift.Core.Signals;

namespace StreamDrift.Redis;

/// <summary>
/// Tells a silent subscription (the server lists it, no event arrives) from a store whose sessions simply do not
/// change, once per INFO interval. Suspicion: the DB changed (INFO keyspace <c>keys</c>/<c>expires</c> moved, or
/// <c>expired_keys</c>/<c>evicted_keys</c> rose) in <see cref="BaseQuietIntervals"/> intervals while not one message
/// arrived on our pattern. INFO is DB-wide, and cache keys beside the sessions change it too, so suspicion alone
/// never fires: a reconcile that starts after it decides. If it found another number of sessions while still no event came,
/// the subscription is silent; if not, the sessions were really quiet, and the next suspicion needs twice the
/// intervals (up to <see cref="MaxQuietIntervals"/>), so a cache-only churn costs a scan now and then, not every
/// few seconds. Any event resets everything. Not thread-safe: one caller, the watchdog loop.
/// </summary>
internal sealed class SilentSubscriptionWatchdog
{
    /// <summary>Quiet intervals (with DB changes) before the first check.</summary>
    public const int BaseQuietIntervals = 5;

    /// <summary>The back-off's ceiling: at the default 1 s INFO interval, one check in about five minutes.</summary>
    public const int MaxQuietIntervals = 320;

    private RedisHealth? _previous;
    private long _eventsSeen = -1;
    private int _quiet;
    private int _needed = BaseQuietIntervals;
    private DateTimeOffset? _checkAsked;
    private long _eventsAtCheck;
    private long _countAtCheck;

    /// <summary>Checks asked for (reconciles requested on suspicion).</summary>
    public long Checks { get; private set; }

    /// <summary>Quiet intervals the next suspicion needs (doubles after each check that found the sessions quiet).</summary>
    public int Needed => _needed;

    /// <param name="health">The latest INFO sample (summed over the primaries).</param>
    /// <param name="eventsSeen">Every message received on our patterns so far (sessions, excluded keys, unparsed).</param>
    /// <param name="sessionCount">The live count now.</param>
    /// <param name="lastReconcile">The latest reconcile, or null.</param>
    /// <param name="now">The watcher's clock.</param>
    public SilenceVerdict Observe(RedisHealth health, long eventsSeen, long sessionCount, ReconcileResult? lastReconcile, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(health);
        var previous = _previous;
        var eventsBefore = _eventsSeen;
        if (previous is not null && health.SampledAt == previous.SampledAt)
        {
            return SilenceVerdict.None; // no new INFO sample since the last call
        }
        _previous = health;
        _eventsSeen = eventsSeen;
        if (previous is null || eventsBefore < 0 || eventsSeen != eventsBefore)
        {
            // Events flow (or this is the first sample): whatever was suspected, the subscription delivers.
            Reset(backOff: false);
            return SilenceVerdict.None;
        }
        if (_checkAsked is { } asked)
        {
            return Decide(asked, lastReconcile);
        }
        // Intervals with DB changes since the last event, not necessarily in a row: a store whose sessions change in
        // bursts must be checked as surely as one under steady churn.
        _quiet += DbChanged(previous, health) ? 1 : 0;
        if (_quiet < _needed)
        {
            return SilenceVerdict.None;
        }
        _checkAsked = now;
        _eventsAtCheck = eventsSeen;
        _countAtCheck = sessionCount;
        Checks++;
        return SilenceVerdict.Check;
    }

    // Only a reconcile that started after the check was asked counts: one already running may have read the keys
    // before they changed. Its scan against the count when the check was asked, not its correction, decides: with
    // no event since, a scan that found another number of sessions saw them change unseen, even where the
    // reconcile left the difference uncorrected within its churn bound.
    private SilenceVerdict Decide(DateTimeOffset asked, ReconcileResult? last)
    {
        if (last is null || last.FinishedAt - last.Elapsed < asked)
        {
            return SilenceVerdict.None;
        }
        var silent = last.Scanned != _countAtCheck && _eventsSeen == _eventsAtCheck;
        Reset(backOff: !silent);
        return silent ? SilenceVerdict.Silent : SilenceVerdict.None;
    }

    private void Reset(bool backOff)
    {
        _quiet = 0;
        _checkAsked = null;
        _needed = backOff ? Math.Min(_needed * 2, MaxQuietIntervals) : BaseQuietIntervals;
    }

    private static bool DbChanged(RedisHealth before, RedisHealth now) =>
        now.DbKeys != before.DbKeys || now.DbExpires != before.DbExpires
        || now.ExpiredKeysTotal > before.ExpiredKeysTotal || now.EvictedKeysTotal > before.EvictedKeysTotal;
}
