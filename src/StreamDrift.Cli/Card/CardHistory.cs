namespace StreamDrift.Cli.Card;

/// <summary>
/// A store's chart over the last 24 hours in at most <see cref="MaxPoints"/> points, whatever the window
/// size: it starts at one point per window and, each time it fills before spanning 24 h, halves its
/// resolution by merging neighbours (a 1 s window ends at 256 s per point, a 60 s window at 4 min). Memory and page size stay
/// bounded per store; the demo's two-minute run keeps every window.
/// </summary>
internal sealed class CardHistory
{
    public const int MaxPoints = 360;
    public static readonly TimeSpan Span = TimeSpan.FromHours(24);

    // Sized once: growing by doubling past 256 would hold 512 slots for 360 points.
    private readonly List<CardPoint> _points = new(MaxPoints + 1);

    /// <summary>Width of one point; zero until the first window sets it.</summary>
    public TimeSpan Bucket { get; private set; }

    /// <summary>Changes whenever earlier points were merged or dropped, so a client that appends must reload.</summary>
    public int Epoch { get; private set; }

    public IReadOnlyList<CardPoint> Points => _points;

    public void Add(DateTimeOffset windowStart, TimeSpan windowSize, CardPoint point)
    {
        if (Bucket == TimeSpan.Zero)
        {
            Bucket = windowSize > TimeSpan.Zero ? windowSize : TimeSpan.FromSeconds(1);
        }
        var placed = point with { Start = Floor(windowStart) };
        if (_points.Count > 0 && _points[^1].Start == placed.Start)
        {
            _points[^1] = _points[^1].Merge(placed);
        }
        else if (_points.Count > 0 && placed.Start < _points[^1].Start)
        {
            return; // windows arrive in order per store; an earlier one would only come from a replayed input
        }
        else
        {
            _points.Add(placed);
        }
        DropOlderThan(placed.Start - Span);
        while (_points.Count > MaxPoints)
        {
            if (Bucket * MaxPoints < Span)
            {
                Coarsen();
            }
            else
            {
                _points.RemoveAt(0);
                Epoch++;
            }
        }
    }

    private void Coarsen()
    {
        Bucket *= 2;
        var merged = new List<CardPoint>(_points.Count / 2 + 1);
        foreach (var p in _points)
        {
            var q = p with { Start = Floor(p.Start) };
            if (merged.Count > 0 && merged[^1].Start == q.Start)
            {
                merged[^1] = merged[^1].Merge(q);
            }
            else
            {
                merged.Add(q);
            }
        }
        _points.Clear();
        _points.AddRange(merged);
        Epoch++;
    }

    private void DropOlderThan(DateTimeOffset limit)
    {
        var drop = 0;
        while (drop < _points.Count && _points[drop].Start < limit)
        {
            drop++;
        }
        if (drop > 0)
        {
            _points.RemoveRange(0, drop);
            Epoch++;
        }
    }

    private DateTimeOffset Floor(DateTimeOffset t) =>
        new(t.UtcTicks - (t.UtcTicks % Bucket.Ticks), TimeSpan.Zero);
}
