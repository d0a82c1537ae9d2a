using StreamDrift.Core.Detection;
using StreamDrift.Core.Windows;

namespace StreamDrift.Core.Pipeline;

internal sealed partial class DriftEngine
{
    /// <summary>
    /// Closes, for every store, each window whose end is at or before <paramref name="watermark"/>
    /// (clock minus grace), in order, and appends one verdict per store and window.
    /// </summary>
    public void CloseUpTo(DateTimeOffset watermark, List<DetectorVerdict> verdicts)
    {
        ArgumentNullException.ThrowIfNull(verdicts);
        // Window i ends at (i + 1) x size, so the windows ending at or before the watermark are those below floor(watermark / size).
        var closeBefore = WindowIndex(watermark);
        if (closeBefore <= _closedBefore)
        {
            return;
        }

        foreach (var store in _stores.Values)
        {
            for (var index = store.NextToClose; index < closeBefore; index++)
            {
                verdicts.Add(store.Detector.Judge(BuildWindow(store, index)));
            }

            store.NextToClose = Math.Max(store.NextToClose, closeBefore);
        }

        _closedBefore = closeBefore;
    }

    private DriftWindow BuildWindow(StoreWindowState store, long index)
    {
        var end = WindowStart(index + 1);
        var sums = store.Take(index);
        var atEnd = store.Checkpoints.LatestUpTo(index);
        var atStart = store.Checkpoints.LatestUpTo(index - 1);
        double? keys = null, users = null, orders = null;
        var stale = false;
        if (sums.Samples > 0)
        {
            keys = sums.SumKeys / sums.Samples;
            users = sums.SumUsers / sums.Samples;
            orders = sums.OrderSamples > 0 ? sums.SumOrders / sums.OrderSamples : null;
            store.Trend.Add(end, keys.Value - users.Value);
            store.Series.Add(WindowStart(index), sums);
        }
        else
        {
            stale = end - store.FreshAt > _options.StaleAfter;
        }

        // One allocation per window and store: the hot loop of a close over thousands of stores.
        return new DriftWindow
        {
            StoreId = store.StoreId,
            Start = WindowStart(index),
            End = end,
            SessionKeys = keys,
            ActiveUsers = users,
            Orders = orders,
            Samples = sums.Samples,
            ActiveWindowSeconds = sums.Samples > 0 ? sums.ActiveWindowSeconds : null,
            SampleTime = sums.Samples > 0 ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(sums.SumObservedSeconds / sums.Samples * 1000)) : null,
            Stale = stale,
            // Before the first snapshot there is no start figure: events since start are unknown, not all of them.
            Events = atEnd is not null && atStart is not null ? atEnd.Events.Since(atStart.Events) : default,
            EventsKnown = atEnd is not null && atStart is not null,
            Health = atEnd?.Health,
            // The count INFO was taken with; a recording or source without one has the snapshot's own.
            SessionKeysAtHealth = atEnd?.Health?.SessionKeys ?? atEnd?.SessionKeys,
            Ttl = atEnd?.Ttl,
            LastReconcile = atEnd?.LastReconcile,
            RedisReachable = store.Checkpoints.ReachableDuring(index),
            CountUncertain = store.Checkpoints.UncertainDuring(index),
            Trend = store.Trend.Get(end),
            History = store.Series,
        };
    }
}
