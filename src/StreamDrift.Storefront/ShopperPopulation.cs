namespace StreamDrift.Storefront;

/// <summary>
/// The shoppers of the simulated store, advanced in steps of simulated time. Pure and seeded: the same
/// options give the same arrivals, page views and departures. Redis is not touched here.
/// </summary>
public sealed class ShopperPopulation
{
    private readonly StorefrontOptions _options;
    private readonly Random _random;
    private readonly List<Shopper> _present = [];
    // Departed shoppers stay "active" for the connector until its window passes: last activity times, in order.
    private readonly Queue<TimeSpan> _recentlyDeparted = new();
    private long _nextId;
    private double _arrivalCarry;

    public ShopperPopulation(StorefrontOptions options)
    {
        _options = options;
        _random = new Random(options.Seed);
        // Warm start: the shop opens full, each shopper somewhere in their visit.
        for (var i = 0; i < options.SteadyShoppers; i++)
        {
            Arrive(TimeSpan.Zero, remainingVisit: Exponential(options.MeanVisit));
        }
    }

    /// <summary>Shoppers on the site now.</summary>
    public int Present => _present.Count;

    /// <summary>Advances to <paramref name="now"/> (time since start) and returns the session writes made meanwhile.</summary>
    public IReadOnlyList<SessionWrite> Step(TimeSpan now, TimeSpan step)
    {
        var writes = new List<SessionWrite>();
        _arrivalCarry += _options.SteadyShoppers / _options.MeanVisit.TotalSeconds * step.TotalSeconds;
        while (_arrivalCarry >= 1)
        {
            _arrivalCarry -= 1;
            var shopper = Arrive(now, Exponential(_options.MeanVisit));
            for (var tab = 0; tab < shopper.Tabs; tab++)
            {
                writes.Add(new SessionWrite(shopper.Id, tab));
            }
        }

        for (var i = _present.Count - 1; i >= 0; i--)
        {
            var shopper = _present[i];
            if (now >= shopper.LeavesAt)
            {
                _recentlyDeparted.Enqueue(shopper.LastActivityAt);
                _present[i] = _present[^1];
                _present.RemoveAt(_present.Count - 1);
                continue;
            }
            if (now >= shopper.NextActivityAt)
            {
                shopper.LastActivityAt = now;
                shopper.NextActivityAt = now + Jitter(_options.ActivityEvery);
                writes.Add(new SessionWrite(shopper.Id, _random.Next(shopper.Tabs)));
            }
        }
        return writes;
    }

    /// <summary>Shoppers with activity inside the connector's window: what the platform calls active.</summary>
    public int ActiveShoppers(TimeSpan now)
    {
        var since = now - _options.ConnectorActiveWindow;
        while (_recentlyDeparted.Count > 0 && _recentlyDeparted.Peek() < since)
        {
            _recentlyDeparted.Dequeue();
        }
        var active = _recentlyDeparted.Count;
        foreach (var shopper in _present)
        {
            if (shopper.LastActivityAt >= since)
            {
                active++;
            }
        }
        return active;
    }

    private Shopper Arrive(TimeSpan now, TimeSpan remainingVisit)
    {
        var tabs = _random.NextDouble() < _options.SecondTabShare ? 2 : 1;
        var shopper = new Shopper(++_nextId, tabs, now + remainingVisit, now + Jitter(_options.ActivityEvery) / 2)
        {
            LastActivityAt = now,
        };
        _present.Add(shopper);
        return shopper;
    }

    private TimeSpan Exponential(TimeSpan mean) => mean * -Math.Log(1 - _random.NextDouble());

    private TimeSpan Jitter(TimeSpan every) => every * (0.5 + _random.NextDouble());
}
