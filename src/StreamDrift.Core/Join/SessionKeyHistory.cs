namespace StreamDrift.Core.Join;

/// <summary>
/// The per-second history of one store's session-key count, for the as-of join.
/// </summary>
/// <remarks>
/// One <see cref="int"/> per second in a ring (a single Redis DB cannot hold 2^31 session keys, so int loses
/// nothing), only as long as the join can reach (<c>DriftPipelineOptions.JoinHistorySeconds</c>: 226 s,
/// under 1 KiB, with the defaults); the day beyond is kept coarse in <c>StoreHistory</c>. A full day per
/// second would be 338 KiB per store, 3.4 GB for 10,000 stores. The ring starts small and doubles up to the
/// configured length.
/// Seconds without a snapshot take the previous second's count: the count is a gauge.
/// </remarks>
internal sealed class SessionKeyHistory
{
    private const int InitialCapacity = 1024;
    private readonly int _maxSeconds;
    private int[] _ring;
    private long _first;
    private long _last = long.MinValue;

    public SessionKeyHistory(int maxSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSeconds, 2);
        _maxSeconds = maxSeconds;
        _ring = new int[Math.Min(InitialCapacity, maxSeconds)];
    }

    public bool IsEmpty => _last == long.MinValue;

    /// <summary>Bytes held by the ring (the bounded part of a store's memory).</summary>
    public int RetainedBytes => _ring.Length * sizeof(int);

    /// <summary>Oldest second still held, as Unix seconds.</summary>
    public long FirstSecond => _first;

    public void Record(DateTimeOffset at, long sessionKeys)
    {
        var second = at.ToUnixTimeSeconds();
        var value = (int)Math.Clamp(sessionKeys, 0, int.MaxValue);
        if (IsEmpty)
        {
            _first = _last = second;
            _ring[Slot(second)] = value;
            return;
        }

        if (second <= _last)
        {
            // A snapshot for a second already passed (reordered or a second one in the same second):
            // the later publication wins for that second; older than the ring is of no use.
            if (second >= _first)
            {
                _ring[Slot(second)] = value;
            }

            return;
        }

        EnsureCapacity(second - _first + 1);
        var previous = _ring[Slot(_last)];
        // Fill skipped seconds forward, but never more than a ring's worth (a long Redis silence).
        var fillFrom = Math.Max(_last + 1, second - _ring.Length + 1);
        for (var s = fillFrom; s < second; s++)
        {
            _ring[Slot(s)] = previous;
        }

        _ring[Slot(second)] = value;
        _last = second;
        _first = Math.Max(_first, _last - _ring.Length + 1);
    }

    /// <summary>
    /// The count as of <paramref name="at"/>: the latest second at or before it. False when the history
    /// does not reach back that far (or is empty). A time after the latest snapshot gets the latest count.
    /// </summary>
    public bool TryGetAsOf(DateTimeOffset at, out long sessionKeys)
    {
        var second = at.ToUnixTimeSeconds();
        if (IsEmpty || second < _first)
        {
            sessionKeys = 0;
            return false;
        }

        sessionKeys = _ring[Slot(Math.Min(second, _last))];
        return true;
    }

    private int Slot(long second) => (int)(((second % _ring.Length) + _ring.Length) % _ring.Length);

    private void EnsureCapacity(long span)
    {
        if (span <= _ring.Length || _ring.Length >= _maxSeconds)
        {
            return;
        }

        var size = _ring.Length;
        while (size < span && size < _maxSeconds)
        {
            size = (int)Math.Min((long)size * 2, _maxSeconds);
        }

        // Re-slot the held seconds: slots depend on the ring length.
        var grown = new int[size];
        for (var s = _first; s <= _last; s++)
        {
            grown[(int)(s % size)] = _ring[Slot(s)];
        }

        _ring = grown;
    }
}
