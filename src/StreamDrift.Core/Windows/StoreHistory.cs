namespace StreamDrift.Core.Windows;

/// <summary>
/// A store's session keys and active users over the trend horizon (24 h by default), coarse: the last two
/// hours one bucket per minute (or per window when windows are longer), the rest of the horizon one bucket per
/// five minutes. The per-second key history only reaches back as far as the join needs; this is what is kept
/// beyond it, for the 24 h chart.
/// </summary>
/// <remarks>
/// Two resolutions because memory per store is what bounds how many stores one instance holds: a day at one
/// minute is 1,440 x 24 B = 34 KiB a store (330 MiB for 10,000 stores); two hours at a minute plus a day at
/// five minutes is 408 x 24 B = 9.8 KiB, and a chart of a day has no more pixels than 288 points anyway.
/// Fed once per closed window with samples (windows close in order, so only the newest bucket of each ring is
/// open), read at any time from another thread: a per-store lock, uncontended in practice, guards both.
/// Buckets without samples are gaps, not zeros.
/// </remarks>
public sealed class StoreHistory
{
    /// <summary>How far back the fine resolution reaches.</summary>
    public static readonly TimeSpan RecentSpan = TimeSpan.FromHours(2);

    private static readonly TimeSpan OlderResolution = TimeSpan.FromMinutes(5);

    private readonly Lock _gate = new();
    private readonly HistoryRing _recent;

    // Null when the fine buckets already are five minutes or wider, or the horizon is within the recent span.
    private readonly HistoryRing? _older;

    internal StoreHistory(TimeSpan windowSize, TimeSpan horizon)
    {
        // A whole number of windows per bucket, so no window straddles two buckets; likewise fine buckets per coarse one.
        var fineTicks = windowSize.Ticks * WholeMultiple(TimeSpan.FromMinutes(1).Ticks, windowSize.Ticks);
        var coarseTicks = fineTicks * WholeMultiple(OlderResolution.Ticks, fineTicks);
        if (coarseTicks == fineTicks || horizon <= RecentSpan)
        {
            _recent = new HistoryRing(fineTicks, horizon);
        }
        else
        {
            _recent = new HistoryRing(fineTicks, RecentSpan);
            _older = new HistoryRing(coarseTicks, horizon);
        }
    }

    /// <summary>The width of one bucket of the recent hours.</summary>
    public TimeSpan Resolution => TimeSpan.FromTicks(_recent.BucketTicks);

    /// <summary>The width of one bucket beyond the recent hours (equal to <see cref="Resolution"/> when there is one resolution).</summary>
    public TimeSpan OlderBucket => TimeSpan.FromTicks((_older ?? _recent).BucketTicks);

    /// <summary>Buckets held over both resolutions.</summary>
    public int Capacity => _recent.Capacity + (_older?.Capacity ?? 0);

    /// <summary>Bytes held by the buckets.</summary>
    internal int RetainedBytes => _recent.RetainedBytes + (_older?.RetainedBytes ?? 0);

    /// <summary>
    /// Appends the held buckets with samples to <paramref name="into"/>, oldest first: the horizon ending at
    /// the newest bucket that had samples, five-minute buckets before the recent hours and fine ones within
    /// them. Returns how many were appended.
    /// </summary>
    public int CopyTo(List<HistoryPoint> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        lock (_gate)
        {
            if (_older is null)
            {
                return _recent.CopyTo(into, long.MinValue, long.MaxValue);
            }

            // The recent ring takes over at the first coarse boundary it covers whole, so no time is shown twice or skipped.
            var takeOver = _recent.IsEmpty ? long.MaxValue : CeilingTo(_recent.HeldFromTicks, _older.BucketTicks);
            return _older.CopyTo(into, long.MinValue, takeOver) + _recent.CopyTo(into, takeOver, long.MaxValue);
        }
    }

    internal void Add(DateTimeOffset windowStart, in WindowAccumulator window)
    {
        if (window.Samples == 0)
        {
            return;
        }

        lock (_gate)
        {
            _recent.Add(windowStart, window);
            _older?.Add(windowStart, window);
        }
    }

    private static long WholeMultiple(long span, long unit) => Math.Max(1, (span + unit - 1) / unit);

    // Integer arithmetic: ticks of a date are beyond a double's exact range.
    private static long CeilingTo(long ticks, long unit) => (ticks + unit - 1) / unit * unit;
}
