using StreamDrift.Core.Counting;
using StreamDrift.Core.Layouts;

namespace StreamDrift.Core.Tests.Layouts;

public class BotLifetimesTests
{
    private static readonly BotLifetimes Cm = BotLifetimes.CmRedisSession;

    [Fact]
    public void BotShare_ReadsTheLifetimeSetAtTheLastWrite_NotTheRemainingTtl()
    {
        long[] ttlMs = [
            30_000,     // a bot 30 s after its first write (60 s)
            100_000,    // a bot 20 s after its second write (120 s)
            50_000,     // a shopper 550 s after its first write (600 s): as little left as a bot, not a bot
            3_000_000,  // a shopper on the store's lifetime
            -1,         // a session without TTL
        ];
        long[] idle = [30, 20, 550, 600, 5];

        Assert.Equal(2.0 / 5, TtlSummaries.BotShare(ttlMs, idle, Cm));
    }

    [Fact]
    public void BotShare_LeavesOutSessionsWhoseIdleTimeWasNotRead_AndIsNullWithoutAny()
    {
        Assert.Equal(0.5, TtlSummaries.BotShare([30_000, 3_000_000, 40_000], [30, 10, -1], Cm));
        Assert.Null(TtlSummaries.BotShare([30_000, 40_000], [-1, -1], Cm));
    }

    [Fact]
    public void IsBot_AllowsTheIdleClocksSlack_ButNeverAShoppersFirstLifetime()
    {
        Assert.True(Cm.IsBot(121.5));
        Assert.False(Cm.IsBot(125));
        Assert.False(Cm.IsBot(600));
        Assert.False(new BotLifetimes(400, 600).IsBot(60)); // bots' two lifetimes would reach a shopper's: no estimate
    }

    [Fact]
    public void ExpiryMarker_TheMarkersTtlWins_WithoutOneTheSessionsLessTheCleanUpMargin()
    {
        var marker = SessionLayouts.Spring.Expiry!;

        Assert.Equal("spring:session:sessions:expires:abc", marker.MarkerOf("spring:session:sessions:", "spring:session:sessions:abc"));
        Assert.Equal(1_000_000, marker.RemainingMilliseconds(1_000_000, 1_300_000));
        Assert.Equal(0, marker.RemainingMilliseconds(-2, 250_000)); // expired, awaiting clean-up
        Assert.Equal(-1, marker.RemainingMilliseconds(-2, -1));     // never expires
        Assert.Equal(-2, marker.RemainingMilliseconds(1_000, -2));  // gone
    }
}
