namespace StreamDrift.Core.Detection;

/// <summary>The last N values of a per-window figure in a fixed ring, with their median and MAD.</summary>
internal sealed class RollingValues(int capacity, MedianScratch scratch)
{
    private readonly double[] _values = new double[capacity];
    private int _next;

    public int Count { get; private set; }

    public int Capacity => _values.Length;

    public void Add(double value)
    {
        _values[_next] = value;
        _next = (_next + 1) % _values.Length;
        Count = Math.Min(Count + 1, _values.Length);
    }

    public void Clear() => (Count, _next) = (0, 0);

    public (double Median, double Mad) MedianAndMad() => scratch.MedianAndMad(_values.AsSpan(0, Count));

    /// <summary>Median of the <paramref name="count"/> values that are <paramref name="skipNewest"/> back from the newest.</summary>
    public double MedianOfRecent(int count, int skipNewest = 0)
    {
        Span<double> picked = stackalloc double[Math.Min(count, Count)];
        for (var i = 0; i < picked.Length; i++)
        {
            var back = skipNewest + i + 1;
            picked[i] = _values[((_next - back) % _values.Length + _values.Length) % _values.Length];
        }

        return scratch.MedianAndMad(picked).Median;
    }

    /// <summary>Copies the newest <paramref name="count"/> values of <paramref name="other"/> in place of these.</summary>
    public void ReplaceWithRecent(RollingValues other, int count)
    {
        Clear();
        var take = Math.Min(count, other.Count);
        for (var i = take; i >= 1; i--)
        {
            Add(other._values[((other._next - i) % other._values.Length + other._values.Length) % other._values.Length]);
        }
    }
}
