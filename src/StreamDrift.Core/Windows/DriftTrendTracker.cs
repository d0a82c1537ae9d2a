namespace StreamDrift.Core.Windows;

/// <summary>
/// Rolling min / mean / max of the drift over the trend horizon in constant memory: the horizon is cut
/// into a fixed number of buckets, each holding min, max, sum and count. The oldest bucket drops out
/// whole, so the horizon is exact to one bucket (15 min for 24 h) whatever the window size.
/// </summary>
internal sealed class DriftTrendTracker
{
    private const int BucketCount = 96;
    private readonly long _bucketTicks;
    private readonly Bucket[] _buckets = new Bucket[BucketCount];

    public DriftTrendTracker(TimeSpan horizon) => _bucketTicks = Math.Max(1, horizon.Ticks / BucketCount);

    public void Add(DateTimeOffset at, double drift)
    {
        var index = at.UtcTicks / _bucketTicks;
        ref var bucket = ref _buckets[index % BucketCount];
        if (bucket.Index != index || bucket.Count == 0)
        {
            bucket = new Bucket { Index = index, Min = drift, Max = drift };
        }

        bucket.Min = Math.Min(bucket.Min, drift);
        bucket.Max = Math.Max(bucket.Max, drift);
        bucket.Sum += drift;
        bucket.Count++;
    }

    /// <summary>The trend over the horizon ending at <paramref name="at"/>; zeros when no drift is known yet.</summary>
    public DriftTrend Get(DateTimeOffset at)
    {
        var current = at.UtcTicks / _bucketTicks;
        double min = double.MaxValue, max = double.MinValue, sum = 0;
        long count = 0;
        foreach (ref readonly var bucket in _buckets.AsSpan())
        {
            if (bucket.Count == 0 || bucket.Index <= current - BucketCount || bucket.Index > current)
            {
                continue;
            }

            min = Math.Min(min, bucket.Min);
            max = Math.Max(max, bucket.Max);
            sum += bucket.Sum;
            count += bucket.Count;
        }

        return count == 0 ? default : new DriftTrend(min, sum / count, max);
    }

    private struct Bucket
    {
        public long Index;
        public double Min;
        public double Max;
        public double Sum;
        public long Count;
    }
}
