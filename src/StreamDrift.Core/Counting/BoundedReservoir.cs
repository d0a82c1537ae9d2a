namespace StreamDrift.Core.Counting;

/// <summary>
/// A uniform random sample of at most <c>capacity</c> items from a stream of unknown length
/// (reservoir sampling, algorithm R). Memory is bounded by the capacity, not by the stream: this is how a
/// reconcile scan picks the session keys whose TTL it reads.
/// </summary>
public sealed class BoundedReservoir<T>
{
    private readonly T[] _items;
    private readonly Random _random;
    private long _seen;
    private int _filled;

    public BoundedReservoir(int capacity, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        ArgumentNullException.ThrowIfNull(random);
        _items = new T[capacity];
        _random = random;
    }

    /// <summary>Items offered so far.</summary>
    public long Seen => _seen;

    /// <summary>The sample: the first <see cref="Seen"/> items if fewer than the capacity.</summary>
    public ReadOnlySpan<T> Items => _items.AsSpan(0, _filled);

    public void Offer(T item)
    {
        _seen++;
        if (_filled < _items.Length)
        {
            _items[_filled++] = item;
            return;
        }
        if (_items.Length == 0)
        {
            return;
        }
        var slot = _random.NextInt64(_seen);
        if (slot < _items.Length)
        {
            _items[slot] = item;
        }
    }
}
