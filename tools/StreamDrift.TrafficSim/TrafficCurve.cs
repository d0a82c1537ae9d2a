namespace StreamDrift.TrafficSim;

/// <summary>
/// Arrivals per second over simulated days: a daily curve (quiet night, morning ramp, lunchtime dip,
/// evening peak and decline) scaled day by day, plus flash sales (twice the present shoppers arrive within
/// 2 minutes, so 3x users, gone again within about 30 minutes) and marketing pushes (arrivals up 2.5x over
/// 10 minutes, decaying over an hour).
/// </summary>
internal sealed class TrafficCurve
{
    private static readonly (double Hour, double Level)[] Daily =
    [
        (0, 0.18), (3, 0.05), (5, 0.05), (7, 0.25), (10, 0.75), (12, 0.85), (12.5, 0.6), (13.5, 0.6),
        (14.5, 0.75), (17, 0.8), (19, 1.0), (21, 1.0), (23, 0.4), (24, 0.18),
    ];

    private readonly double _peak;
    private readonly Dictionary<int, double> _dayScale = [];
    private readonly List<(DateTimeOffset At, bool Flash)> _events = [];
    private readonly Random _random;

    public TrafficCurve(double peakArrivalsPerSecond, Random random, DateTimeOffset from, DateTimeOffset to, bool withEvents)
    {
        _peak = peakArrivalsPerSecond;
        _random = random;
        for (var day = from.Date; day <= to.Date; day = day.AddDays(1))
        {
            if (!withEvents)
            {
                continue;
            }

            // About one flash sale every other day and one marketing push a day, between 09:00 and 22:00.
            if (random.NextDouble() < 0.5)
            {
                _events.Add((new DateTimeOffset(day, TimeSpan.Zero).AddHours(9 + (13 * random.NextDouble())), true));
            }

            _events.Add((new DateTimeOffset(day, TimeSpan.Zero).AddHours(9 + (13 * random.NextDouble())), false));
        }
    }

    public IReadOnlyList<(DateTimeOffset At, bool Flash)> Events => _events;

    /// <summary>Ordinary arrivals per second at <paramref name="at"/> (events excluded).</summary>
    public double BaseRate(DateTimeOffset at)
    {
        var hour = at.TimeOfDay.TotalHours;
        var level = Daily[^1].Level;
        for (var i = 1; i < Daily.Length; i++)
        {
            if (hour < Daily[i].Hour)
            {
                var (a, b) = (Daily[i - 1], Daily[i]);
                level = a.Level + ((b.Level - a.Level) * (hour - a.Hour) / (b.Hour - a.Hour));
                break;
            }
        }

        var day = (int)(at.UtcTicks / TimeSpan.TicksPerDay);
        if (!_dayScale.TryGetValue(day, out var scale))
        {
            scale = 0.85 + (0.3 * _random.NextDouble());
            _dayScale[day] = scale;
        }

        return _peak * level * scale;
    }

    /// <summary>Extra arrivals in [at, at + dt) from events, given the shoppers present (a flash sale brings twice them).</summary>
    public double EventArrivals(DateTimeOffset at, double dtSeconds, double present, Dictionary<DateTimeOffset, double> burstBase)
    {
        var extra = 0.0;
        foreach (var (start, flash) in _events)
        {
            var since = (at - start).TotalSeconds;
            if (since < 0 || since > 4 * 3600)
            {
                continue;
            }

            if (!burstBase.TryGetValue(start, out var basePresent))
            {
                basePresent = present;
                burstBase[start] = present;
            }

            if (flash)
            {
                extra += since < 120 ? 2 * basePresent * dtSeconds / 120 : 0;
            }
            else
            {
                var rate = BaseRate(start) * 1.5;
                extra += since < 600 ? rate * (since / 600) * dtSeconds : rate * Math.Exp(-(since - 600) / 1800) * dtSeconds;
            }
        }

        return extra;
    }
}
