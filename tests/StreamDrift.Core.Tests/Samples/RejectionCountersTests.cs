using StreamDrift.Core.Samples;

namespace StreamDrift.Core.Tests.Samples;

public sealed class RejectionCountersTests
{
    [Fact]
    public void CountsPerReason_AndForwards()
    {
        var forwarded = new List<RejectedInput>();
        var counters = new RejectionCounters(new Forward(forwarded));
        counters.Reject(Rejected(RejectionReason.MalformedJson));
        counters.Reject(Rejected(RejectionReason.MalformedJson));
        counters.Reject(Rejected(RejectionReason.UnknownStore));

        Assert.Equal(2, counters[RejectionReason.MalformedJson]);
        Assert.Equal(1, counters[RejectionReason.UnknownStore]);
        Assert.Equal(0, counters[RejectionReason.Duplicate]);
        Assert.Equal(3, counters.Total);
        Assert.Equal(3, forwarded.Count);
    }

    private static RejectedInput Rejected(RejectionReason reason) => new("test", reason, "x", ReadOnlyMemory<byte>.Empty, DateTimeOffset.UnixEpoch);

    private sealed class Forward(List<RejectedInput> into) : IRejectedInputSink
    {
        public void Reject(RejectedInput rejected) => into.Add(rejected);
    }
}
