using System.Reactive.Concurrency;
using StreamDrift.Connectors.Simulator;
using StreamDrift.Core.Samples;

namespace StreamDrift.Connectors.Tests.Simulator;

public sealed class SimulatedConnectorTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void SameSeed_ReplaysTheSameSamples_OtherSeedDiffers()
    {
        var a = Run(seed: 7);
        var b = Run(seed: 7);
        var c = Run(seed: 8);

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void ReportsEveryStoreEachInterval_WithPlausibleLateEventTimes()
    {
        var samples = Run(seed: 1);

        Assert.Equal(3 * 20, samples.Count); // 10 minutes at 30 s
        Assert.All(samples, s =>
        {
            Assert.InRange(s.ActiveUsers, 1, 10_000);
            Assert.Equal("simulator", s.Connector);
            Assert.True(s.Orders >= 0);
        });
        var first = samples.Take(3).ToList();
        Assert.All(first, s => Assert.InRange(s.ObservedAt, Start.AddSeconds(25), Start.AddSeconds(30)));
    }

    [Fact]
    public void InvalidOptions_NameTheSetting()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SimulatedConnector(new SimulatedConnectorOptions { StoreIds = [] }, Scheduler.Immediate));
        Assert.Contains("SimulatedConnectorOptions.StoreIds", ex.Message, StringComparison.Ordinal);
    }

    private static List<ActiveUsersSample> Run(int seed)
    {
        var scheduler = new HistoricalScheduler(Start);
        var samples = new List<ActiveUsersSample>();
        var simulator = new SimulatedConnector(new SimulatedConnectorOptions { StoreIds = ["a", "b", "c"], Seed = seed }, scheduler);
        using (simulator.Observe().Subscribe(samples.Add))
        {
            scheduler.AdvanceBy(TimeSpan.FromMinutes(10));
        }

        return samples;
    }
}
