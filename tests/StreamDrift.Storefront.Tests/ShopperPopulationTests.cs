namespace StreamDrift.Storefront.Tests;

public class ShopperPopulationTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(200);

    [Fact]
    public void SameSeed_GivesTheSameWritesAndActiveUsers()
    {
        var a = new ShopperPopulation(new StorefrontOptions { Seed = 7 });
        var b = new ShopperPopulation(new StorefrontOptions { Seed = 7 });
        for (var t = Step; t < TimeSpan.FromSeconds(30); t += Step)
        {
            Assert.Equal(a.Step(t, Step), b.Step(t, Step));
            Assert.Equal(a.ActiveShoppers(t), b.ActiveShoppers(t));
        }
    }

    [Fact]
    public void SteadyState_HoldsAroundTheConfiguredShoppers()
    {
        var options = new StorefrontOptions { SteadyShoppers = 400, Seed = 3 };
        var population = new ShopperPopulation(options);
        var samples = new List<int>();
        for (var t = Step; t < TimeSpan.FromMinutes(10); t += Step)
        {
            population.Step(t, Step);
            if (t > TimeSpan.FromMinutes(2))
            {
                samples.Add(population.Present);
            }
        }
        var mean = samples.Average();
        Assert.InRange(mean, 300, 500);
        // Active users by the connector's 10 s window are most of the present shoppers.
        Assert.InRange(population.ActiveShoppers(TimeSpan.FromMinutes(10)), (int)(mean * 0.6), (int)(mean * 1.4));
    }

    [Fact]
    public void EveryArrival_WritesASessionAtOnce()
    {
        var population = new ShopperPopulation(new StorefrontOptions { SteadyShoppers = 0 });
        Assert.Empty(population.Step(Step, Step));
        Assert.Equal(0, population.Present);
    }
}
