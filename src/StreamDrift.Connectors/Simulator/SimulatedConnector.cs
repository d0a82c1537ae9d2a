using System.Reactive.Concurrency;
using System.Reactive.Linq;
using StreamDrift.Core.Samples;

namespace StreamDrift.Connectors.Simulator;

/// <summary>
/// The built-in connector simulator: every <see cref="SimulatedConnectorOptions.Interval"/> of the injected
/// scheduler, one sample per store whose users follow a daily curve with seeded noise. Each subscription
/// starts its own generator from the seed, so a test or a demo replays identically.
/// </summary>
public sealed class SimulatedConnector
{
    private readonly SimulatedConnectorOptions _options;
    private readonly IScheduler _scheduler;

    /// <param name="options">Validated here.</param>
    /// <param name="scheduler">The clock and the timer of the reports.</param>
    public SimulatedConnector(SimulatedConnectorOptions options, IScheduler scheduler)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _scheduler = scheduler ?? throw new ArgumentNullException(nameof(scheduler));
    }

    /// <summary>Reports after one interval, then every interval, until disposal.</summary>
    public IObservable<ActiveUsersSample> Observe() => Observable.Create<ActiveUsersSample>(observer =>
    {
        var random = new Random(_options.Seed);
        var scales = _options.StoreIds.Select(_ => 0.5 + (random.NextDouble() * 1.5)).ToArray();
        return _scheduler.Schedule(_options.Interval, again =>
        {
            var now = _scheduler.Now;
            for (var i = 0; i < _options.StoreIds.Count; i++)
            {
                observer.OnNext(Next(random, _options.StoreIds[i], scales[i], now));
            }

            again(_options.Interval);
        });
    });

    private ActiveUsersSample Next(Random random, string storeId, double scale, DateTimeOffset now)
    {
        var observedAt = now - TimeSpan.FromTicks((long)(random.NextDouble() * _options.MaxDelay.Ticks));
        // Peak at 14:00 UTC: the cosine is 1 there and -1 at 02:00.
        var hours = observedAt.UtcDateTime.TimeOfDay.TotalHours;
        var daily = 1 + (_options.DailySwing * Math.Cos((hours - 14) / 24 * 2 * Math.PI));
        var noise = 1 + ((random.NextDouble() * 2) - 1) * _options.Noise;
        var users = (long)Math.Round(_options.MeanUsers * scale * daily * noise);
        long? orders = _options.OrdersPerHundredUsers > 0 ? (long)Math.Round(users * _options.OrdersPerHundredUsers / 100) : null;
        return new ActiveUsersSample(storeId, _options.Connector, users, _options.ActiveWindowSeconds, observedAt, orders);
    }
}
