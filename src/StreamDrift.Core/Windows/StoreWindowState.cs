using StreamDrift.Core.Detection;
using StreamDrift.Core.Join;

namespace StreamDrift.Core.Windows;

/// <summary>
/// Everything the engine keeps for one store, all of it bounded: the per-second key history (only as far
/// back as the join needs), the window checkpoints of the full snapshots, the open windows, the recent event
/// times (duplicate suppression), the trend buckets, the coarse keys-and-users history and the detector.
/// </summary>
internal sealed class StoreWindowState
{
    /// <summary>Recent sample event times remembered for duplicate suppression (redeliveries arrive close together).</summary>
    private const int RecentSamples = 16;

    private readonly WindowAccumulator[] _open;
    private readonly long[] _recent = new long[RecentSamples];
    private int _recentNext;

    public StoreWindowState(string storeId, int historySeconds, int openWindows, TimeSpan windowSize, TimeSpan trendHorizon, StoreDetector detector, long firstWindow, DateTimeOffset firstSeen)
    {
        StoreId = storeId;
        History = new SessionKeyHistory(historySeconds);
        Checkpoints = new SnapshotCheckpoints(openWindows);
        _open = new WindowAccumulator[openWindows];
        Trend = new DriftTrendTracker(trendHorizon);
        Series = new StoreHistory(windowSize, trendHorizon);
        Detector = detector;
        NextToClose = firstWindow;
        FreshAt = firstSeen;
        Array.Fill(_recent, long.MinValue);
    }

    public string StoreId { get; }

    public SessionKeyHistory History { get; }

    public SnapshotCheckpoints Checkpoints { get; }

    public DriftTrendTracker Trend { get; }

    public StoreHistory Series { get; }

    public StoreDetector Detector { get; }

    /// <summary>The first window of this store not closed yet.</summary>
    public long NextToClose { get; set; }

    /// <summary>
    /// The event time of the latest sample in a closed window, or when the store was first seen: the
    /// staleness clock of the next window starts there. Samples of later, still open windows do not count,
    /// so a window is judged on what was known up to its own end.
    /// </summary>
    public DateTimeOffset FreshAt { get; private set; }

    /// <summary>True when this event time was seen recently; otherwise remembers it.</summary>
    public bool IsDuplicate(DateTimeOffset observedAt)
    {
        var ticks = observedAt.UtcTicks;
        foreach (var seen in _recent)
        {
            if (seen == ticks)
            {
                return true;
            }
        }

        _recent[_recentNext] = ticks;
        _recentNext = (_recentNext + 1) % RecentSamples;
        return false;
    }

    /// <summary>The accumulator of window <paramref name="index"/>; false when it lies beyond the open ring.</summary>
    public bool TryAdd(long index, long sessionKeys, ActiveUsersSampleValues values)
    {
        if (index >= NextToClose + _open.Length)
        {
            return false;
        }

        ref var window = ref _open[Slot(index)];
        if (!window.InUse || window.Index != index)
        {
            window.Reset(index);
        }

        window.Add(sessionKeys, values.ActiveUsers, values.Orders, values.ObservedAt, values.ActiveWindowSeconds);
        return true;
    }

    /// <summary>Removes and returns window <paramref name="index"/>'s sums (empty when no sample fell in it).</summary>
    public WindowAccumulator Take(long index)
    {
        ref var window = ref _open[Slot(index)];
        if (!window.InUse || window.Index != index)
        {
            return default;
        }

        var taken = window;
        window.InUse = false;
        if (taken.Samples > 0 && taken.LatestObserved > FreshAt)
        {
            FreshAt = taken.LatestObserved;
        }

        return taken;
    }

    private int Slot(long index) => (int)(((index % _open.Length) + _open.Length) % _open.Length);
}
