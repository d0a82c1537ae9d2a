namespace StreamDrift.Core.Windows;

/// <summary>
/// A store's session keys and active users over the trend horizon (24 h by default) at a coarse
/// resolution: one bucket per minute, or per window when windows are longer. The per-second key history
/// only reaches back as far as the join needs; this is what is kept beyond it, for the 24 h chart.
/// </summary>
/// <remarks>
/// Fed once per closed window with samples (windows close in order, so only the newest bucket is open),
/// read at any time from another thread: a per-store lock, uncontended in practice, guards both. A day at
/// one-minute resolution is 1,440 x 24 B = 34 KiB per store. Buckets without samples are gaps, not zeros.
/// </remarks>
public sealed class StoreHistory
{
    private readonly Lock _gate = new();
    private readonly Bucket[] _ring;
    private readonly long _bucketTicks;
    private long _current = long.MinValue;
    private double _sumKeys;
    private double _sumUsers;
    private long _samples;

    internal StoreHistory(TimeSpan windowSize, TimeSpan horizon)
    {
        // A whole number of windows per bucket, so no window straddles two buckets.
        var windowsPerBucket = Math.Max(1, (long)Math.Ceiling(TimeSpan.FromMinutes(1).Ticks / (double)windowSize.Ticks));
        _bucketTicks = windowSize.Ticks * windowsPerBucket;
        _ring = new Bucket[Math.Max(1, (int)Math.Ceiling(horizon.Ticks / (double)_bucketTicks))];
        Array.Fill(_ring, Bucket.Empty);
    }

    /// <summary>The width of one bucket.</summary>
    public TimeSpan Resolution => TimeSpan.FromTicks(_bucketTicks);

    /// <summary>Buckets held: the horizon divided by the resolution.</summary>
    public int Capacity => _ring.Length;

    /// <summary>Bytes held by the buckets.</summary>
    internal int RetainedBytes => _ring.Length * 6 * sizeof(float);

    /// <summary>
    /// Appends the held buckets with samples to <paramref name="into"/>, oldest first: the horizon ending at
    /// the newest bucket that had samples. Returns how many were appended.
    /// </summary>
    public int CopyTo(List<HistoryPoint> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        lock (_gate)
        {
            if (_current == long.MinValue)
            {
                return 0;
            }

            var added = 0;
            for (var index = _current - _ring.Length + 1; index <= _current; index++)
            {
                ref readonly var b = ref _ring[Slot(index)];
                if (!b.IsEmpty)
                {
                    into.Add(new HistoryPoint(new DateTimeOffset(index * _bucketTicks, TimeSpan.Zero), b.KeysMin, b.KeysMean, b.KeysMax, b.UsersMin, b.UsersMean, b.UsersMax));
                    added++;
                }
            }

            return added;
        }
    }

    internal void Add(DateTimeOffset windowStart, in WindowAccumulator window)
    {
        if (window.Samples == 0)
        {
            return;
        }

        var index = windowStart.UtcTicks / _bucketTicks;
        lock (_gate)
        {
            if (index < _current)
            {
                return; // windows close in order; an older one has nowhere to go
            }

            if (index > _current)
            {
                Advance(index);
            }

            ref var b = ref _ring[Slot(index)];
            var first = b.IsEmpty;
            _sumKeys += window.SumKeys;
            _sumUsers += window.SumUsers;
            _samples += window.Samples;
            b.KeysMin = first ? window.MinKeys : Math.Min(b.KeysMin, window.MinKeys);
            b.KeysMax = first ? window.MaxKeys : Math.Max(b.KeysMax, window.MaxKeys);
            b.UsersMin = first ? window.MinUsers : Math.Min(b.UsersMin, window.MinUsers);
            b.UsersMax = first ? window.MaxUsers : Math.Max(b.UsersMax, window.MaxUsers);
            b.KeysMean = (float)(_sumKeys / _samples);
            b.UsersMean = (float)(_sumUsers / _samples);
        }
    }

    /// <summary>Opens bucket <paramref name="index"/>, clearing the buckets skipped since the last one (a silent store leaves gaps).</summary>
    private void Advance(long index)
    {
        var from = _current == long.MinValue ? index : Math.Max(_current + 1, index - _ring.Length + 1);
        for (var i = from; i <= index; i++)
        {
            _ring[Slot(i)] = Bucket.Empty;
        }

        _current = index;
        _sumKeys = _sumUsers = 0;
        _samples = 0;
    }

    private int Slot(long index) => (int)(((index % _ring.Length) + _ring.Length) % _ring.Length);

    private struct Bucket
    {
        public static readonly Bucket Empty = new() { KeysMean = float.NaN };

        public float KeysMin;
        public float KeysMean;
        public float KeysMax;
        public float UsersMin;
        public float UsersMean;
        public float UsersMax;

        // NaN marks a bucket no window with samples fell in, so the struct stays at six floats.
        public readonly bool IsEmpty => float.IsNaN(KeysMean);
    }
}
