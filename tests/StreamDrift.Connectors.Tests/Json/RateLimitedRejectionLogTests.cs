using Microsoft.Extensions.Time.Testing;
using StreamDrift.Connectors.Json;
using StreamDrift.Core.Samples;
using StreamDrift.TestSupport;

namespace StreamDrift.Connectors.Tests.Json;

public sealed class RateLimitedRejectionLogTests
{
    [Fact]
    public void FloodOfRejections_LogsAFewPerReason_ForwardsAll_AndSummarisesTheRest()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.Zero));
        var logger = new CapturingLogger<RateLimitedRejectionLog>();
        var counters = new RejectionCounters();
        var log = new RateLimitedRejectionLog(counters, logger, clock, maxPerInterval: 5);

        for (var i = 0; i < 1000; i++)
        {
            log.Reject(Rejected(RejectionReason.MalformedJson));
        }

        log.Reject(Rejected(RejectionReason.UnknownStore));
        Assert.Equal(6, logger.Lines.Count);
        Assert.Equal(1001, counters.Total);

        clock.Advance(TimeSpan.FromMinutes(1));
        log.Reject(Rejected(RejectionReason.MalformedJson));

        Assert.Contains(logger.Lines, l => l.StartsWith("995 more rejections (MalformedJson)", StringComparison.Ordinal));
        Assert.Equal(8, logger.Lines.Count);
        Assert.DoesNotContain(logger.Lines, l => l.Contains("secret", StringComparison.Ordinal));
    }

    private static RejectedInput Rejected(RejectionReason reason) =>
        new("test", reason, "bad", "{\"token\":\"secret\"}"u8.ToArray(), DateTimeOffset.UnixEpoch, "s1");
}
