using StreamDrift.Core.Counting;

namespace StreamDrift.Core.Tests.Counting;

public class ReconcilePolicyTests
{
    [Theory]
    [InlineData(1000, 1000, 0, 0)]      // quiet and right
    [InlineData(1000, 1040, 50, 0)]     // churn explains the difference: leave a correct counter alone
    [InlineData(1000, 950, 50, 0)]
    [InlineData(1000, 1100, 50, 50)]    // only the excess beyond the bound is corrected
    [InlineData(1000, 880, 20, -100)]
    [InlineData(500, 0, 0, -500)]       // FLUSHDB on a quiet DB: all of it
    public void Decide_CorrectsOnlyWhatExceedsTheUncertaintyBound(long counter, long scanned, long events, long expected)
    {
        var decision = ReconcilePolicy.Decide(counter, scanned, events);

        Assert.Equal(expected, decision.Correction);
        Assert.Equal(scanned - counter, decision.Difference);
        Assert.Equal(events, decision.UncertaintyBound);
    }

    [Fact]
    public void Decide_NeverOvershootsTheScannedFigure()
    {
        for (long events = 0; events < 200; events += 7)
        {
            for (long scanned = 0; scanned < 400; scanned += 13)
            {
                var decision = ReconcilePolicy.Decide(200, scanned, events);
                var corrected = 200 + decision.Correction;
                Assert.InRange(Math.Abs(corrected - scanned), 0, Math.Max(Math.Abs(200 - scanned), 0));
                Assert.True(Math.Abs(corrected - scanned) <= events || decision.Correction == 0);
            }
        }
    }

    [Fact]
    public void Seed_OnAQuietDb_AdoptsTheScannedFigure()
    {
        // 3 keys created between subscribing and scanning: the scan already holds them.
        var decision = ReconcilePolicy.Seed(3, 3, 1234, 0);

        Assert.Equal(1234, 3 + decision.Correction);
    }

    [Fact]
    public void Seed_UnderChurn_TakesHalfTheChangeMadeDuringTheScan()
    {
        // 100 keys created during the scan; the scan saw an unknown part of them.
        var decision = ReconcilePolicy.Seed(counterAtStart: 0, counterAtEnd: 100, scanned: 1000, countChangingEventsDuringScan: 100);

        Assert.Equal(1050, 100 + decision.Correction);
        Assert.Equal(50, decision.UncertaintyBound);
    }

    [Fact]
    public void Decide_RejectsNegativeInputs()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ReconcilePolicy.Decide(0, -1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReconcilePolicy.Decide(0, 0, -1));
    }
}
