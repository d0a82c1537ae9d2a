namespace StreamDrift.Redis.Scanning;

/// <summary>
/// Cumulative histogram of scan page times (Prometheus-style buckets, seconds), safe to record from one scan
/// and read from a metrics scrape at once: each record is three interlocked adds, no lock, no allocation.
/// </summary>
public sealed class PageTimeHistogram
{
    /// <summary>Bucket upper bounds in seconds: 50 µs to 100 ms, around the 1 ms a paced page aims at.</summary>
    public static readonly double[] UpperBounds = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1];

    private readonly long[] _buckets = new long[UpperBounds.Length + 1];
    private long _count;
    private long _sumTicks;

    /// <summary>Counts one page of <paramref name="elapsed"/>.</summary>
    public void Record(TimeSpan elapsed)
    {
        var seconds = elapsed.TotalSeconds;
        var i = 0;
        while (i < UpperBounds.Length && seconds > UpperBounds[i])
        {
            i++;
        }
        Interlocked.Increment(ref _buckets[i]);
        Interlocked.Add(ref _sumTicks, elapsed.Ticks);
        Interlocked.Increment(ref _count);
    }

    /// <summary>Pages recorded.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Sum of the recorded page times.</summary>
    public TimeSpan Sum => TimeSpan.FromTicks(Interlocked.Read(ref _sumTicks));

    /// <summary>Pages at or under each of <see cref="UpperBounds"/> (cumulative, as Prometheus buckets are), then all (+Inf).</summary>
    public long[] CumulativeCounts()
    {
        var cumulative = new long[_buckets.Length];
        long running = 0;
        for (var i = 0; i < _buckets.Length; i++)
        {
            running += Interlocked.Read(ref _buckets[i]);
            cumulative[i] = running;
        }
        return cumulative;
    }
}
