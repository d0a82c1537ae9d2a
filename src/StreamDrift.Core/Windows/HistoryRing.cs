namespace StreamDrift.Core.Windows;

/// <summary>
/// One resolution of a store's coarse history: a ring of fixed-width buckets, each the range and the
/// sample-weighted mean of keys and users of the windows that fell in it. Not thread-safe: <see cref="StoreHistory"/>
/// holds the lock.
/// </summary>
internal sealed class HistoryRing
{
    private readonly Bucket[] _ring;
    private long _current = long.MinValue;
    private double _sumKeys;
    private double _sumUsers;
    private long _samples;

    public HistoryRing(long bucketTicks, TimeSpan span)
    {
        BucketTicks = bucketTicks;
        _ring = new Bucket[Math.Max(1, (int)Math.Ceiling(span.Ticks / (double)bucketTicks))];
        Array.Fill(_ring, Bucket.Empty);
    }

    public long BucketTicks { get; }

    public int Capacity => _ring.Length;

    public int RetainedBytes => _ring.Length * 6 * sizeof(float);

    public bool IsEmpty => _current == long.MinValue;

    /// <summary>Start (ticks) of the oldest bucket the ring can hold now: the horizon ending at the newest bucket.</summary>
    public long HeldFromTicks => (_current - _ring.Length + 1) * BucketTicks;

    /// <summary>Appends the buckets with samples whose start lies in [<paramref name="fromTicks"/>, <paramref name="untilTicks"/>), oldest first.</summary>
    public int CopyTo(List<HistoryPoint> into, long fromTicks, long untilTicks)
    {
        if (IsEmpty)
        {
            return 0;
        }

        var added = 0;
        for (var index = _current - _ring.Length + 1; index <= _current; index++)
        {
            var start = index * BucketTicks;
            ref readonly var b = ref _ring[Slot(index)];
            if (start >= fromTicks && start < untilTicks && !b.IsEmpty)
            {
                into.Add(new HistoryPoint(new DateTimeOffset(start, TimeSpan.Zero), b.KeysMin, b.KeysMean, b.KeysMax, b.UsersMin, b.UsersMean, b.UsersMax));
                added++;
            }
        }

        return added;
    }

    public void Add(DateTimeOffset windowStart, in WindowAccumulator window)
    {
        var index = windowStart.UtcTicks / BucketTicks;
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

    /// <summary>Opens bucket <paramref name="index"/>, clearing the buckets skipped since the last one (a silent store leaves gaps).</summary>
    private void Advance(long index)
    {
        var from = IsEmpty ? index : Math.Max(_current + 1, index - _ring.Length + 1);
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
