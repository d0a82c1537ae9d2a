using StreamDrift.Core.Counting;

namespace StreamDrift.Core.Tests.Counting;

public class BoundedReservoirTests
{
    [Fact]
    public void Offer_KeepsEverythingUpToTheCapacity()
    {
        var reservoir = new BoundedReservoir<int>(10, new Random(1));
        for (var i = 0; i < 7; i++)
        {
            reservoir.Offer(i);
        }

        Assert.Equal([0, 1, 2, 3, 4, 5, 6], reservoir.Items.ToArray());
    }

    [Fact]
    public void Offer_BeyondTheCapacity_KeepsABoundedUniformSample()
    {
        var reservoir = new BoundedReservoir<int>(1000, new Random(42));
        for (var i = 0; i < 100_000; i++)
        {
            reservoir.Offer(i);
        }

        var items = reservoir.Items.ToArray();
        Assert.Equal(1000, items.Length);
        Assert.Equal(100_000, reservoir.Seen);
        Assert.Equal(items.Length, items.Distinct().Count());
        // A uniform sample has about half its items in the upper half of the stream (binomial sd ~16).
        var upperHalf = items.Count(i => i >= 50_000);
        Assert.InRange(upperHalf, 400, 600);
    }
}
