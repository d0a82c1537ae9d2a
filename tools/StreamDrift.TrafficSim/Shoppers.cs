namespace StreamDrift.TrafficSim;

/// <summary>
/// The shoppers of one store as cohorts, not individuals, so that days run in seconds: present shoppers
/// (between first and last request), those who left but still count as active for the connector (a ring
/// of departures over its active window), and bots (counted, no session). Arrivals and departures carry
/// Poisson-like noise from the seeded random source; the keyspaces only read what happened.
/// </summary>
internal sealed class Shoppers
{
    private readonly StoreProfile _profile;
    private readonly TrafficCurve _curve;
    private readonly Random _random;
    private readonly double _dt;
    private readonly double[] _leftRing;
    private readonly Dictionary<DateTimeOffset, double> _burstBase = [];
    private int _step;
    private double _leftSum;

    public Shoppers(StoreProfile profile, TrafficCurve curve, Random random, double dtSeconds, DateTimeOffset start)
    {
        _profile = profile;
        _curve = curve;
        _random = random;
        _dt = dtSeconds;
        _leftRing = new double[Math.Max(1, (int)Math.Round(profile.ActiveWindowSeconds / dtSeconds))];
        // Start in the steady state of the start instant: present = arrivals x visit, the connector's tail full.
        var rate = curve.BaseRate(start);
        Present = rate * profile.VisitSeconds;
        var departures = Present * dtSeconds / profile.VisitSeconds;
        Array.Fill(_leftRing, departures);
        _leftSum = departures * _leftRing.Length;
        Bots = profile.BotShare * Present;
    }

    public double Present { get; private set; }
    public double Arrivals { get; private set; }
    public double Departures { get; private set; }
    public double Bots { get; private set; }
    /// <summary>Bots a fault added (on top of the steady share).</summary>
    public double ExtraBots { get; set; }

    /// <summary>Active users as the connector counts them: present shoppers, the ones inside its active window, bots.</summary>
    public double ConnectorUsers => Present + _leftSum + Bots + ExtraBots;

    public void Step(DateTimeOffset at)
    {
        var expected = (_curve.BaseRate(at) * _dt) + _curve.EventArrivals(at, _dt, Present, _burstBase);
        Arrivals = Noisy(expected);
        Departures = Math.Min(Present, Noisy(Present * _dt / _profile.VisitSeconds));
        Present += Arrivals - Departures;
        var slot = _step++ % _leftRing.Length;
        _leftSum += Departures - _leftRing[slot];
        _leftRing[slot] = Departures;
        // Steady bots follow the traffic slowly (crawlers scale with the catalogue, not the minute).
        Bots += ((_profile.BotShare * Present) - Bots) * Math.Min(1, _dt / 1800);
    }

    private double Noisy(double mean) => mean <= 0 ? 0 : Math.Max(0, mean + (Math.Sqrt(mean) * Gaussian()));

    private double Gaussian()
    {
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
