namespace StreamDrift.Cli.Metrics;

/// <summary>
/// One time series (a family plus one set of label values). Callers on hot paths look it up once and keep
/// it: updates are a single interlocked operation, no lock, no allocation.
/// </summary>
internal sealed class MetricCell
{
    private long _bits;

    public MetricCell(string labelText, bool isCounter)
    {
        LabelText = labelText;
        IsCounter = isCounter;
    }

    /// <summary>The exposition's label part, escaped once at creation: <c>{store="a"}</c> or empty.</summary>
    public string LabelText { get; }

    public bool IsCounter { get; }

    /// <summary>Counter: adds <paramref name="by"/> (not negative: counters only go up).</summary>
    public void Increment(long by = 1)
    {
        if (by < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(by), by, "a counter only goes up");
        }
        Interlocked.Add(ref _bits, by);
    }

    /// <summary>Gauge: the current value (NaN when unknown, e.g. drift of a stale store).</summary>
    public void Set(double value) => Interlocked.Exchange(ref _bits, BitConverter.DoubleToInt64Bits(value));

    public double Value
    {
        get
        {
            var bits = Interlocked.Read(ref _bits);
            return IsCounter ? bits : BitConverter.Int64BitsToDouble(bits);
        }
    }
}
