using StreamDrift.Core.Pipeline;
using StreamDrift.Core.Samples;
using static StreamDrift.Core.Tests.Pipeline.PipelineHarness;

namespace StreamDrift.Core.Tests.Pipeline;

/// <summary>Each bad sample is counted under its reason, handed on, and the next good sample still joins.</summary>
public sealed class DriftPipelineRejectionTests
{
    public static TheoryData<string, RejectionReason> BadSamples => new()
    {
        { "negative users", RejectionReason.NegativeCount },
        { "negative orders", RejectionReason.NegativeCount },
        { "zero active window", RejectionReason.NegativeCount },
        { "far future", RejectionReason.FutureEventTime },
        { "unknown store", RejectionReason.UnknownStore },
        { "empty store id", RejectionReason.MissingField },
        { "empty connector", RejectionReason.MissingField },
        { "before the history", RejectionReason.OlderThanHistory },
    };

    [Theory]
    [MemberData(nameof(BadSamples))]
    public void BadSample_IsRejectedWithItsReason_AndTheProcessorKeepsGoing(string kind, RejectionReason expected)
    {
        using var h = new PipelineHarness(At(10, 0));
        h.KeysEverySecond("s1", At(10, 0, 30), At(10, 5), _ => 700);
        var good = new ActiveUsersSample("s1", "test", 650, 300, At(10, 1, 10));
        var bad = kind switch
        {
            "negative users" => good with { ActiveUsers = -1 },
            "negative orders" => good with { Orders = -5 },
            "zero active window" => good with { ActiveWindowSeconds = 0 },
            "far future" => good with { ObservedAt = At(10, 9) },
            "unknown store" => good with { StoreId = "nope" },
            "empty store id" => good with { StoreId = "" },
            "empty connector" => good with { Connector = " " },
            "before the history" => good with { ObservedAt = At(10, 0, 20) }, // keys start 10:00:30; window 10:00 still open
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        h.Sample(At(10, 0, 40), bad);
        h.Sample(At(10, 1, 12), good);

        h.AdvanceTo(At(10, 2, 31));

        Assert.Equal(1, h.Rejections[expected]);
        Assert.Equal(1, h.Rejections.Total);
        var window = h.VerdictFor("s1", At(10, 1)).Window;
        Assert.Equal(1, window.Samples);
        Assert.Equal(650, window.ActiveUsers);
        Assert.Equal(0, h.VerdictFor("s1", At(10, 0)).Window.Samples);
        Assert.Equal([good], h.Accepted); // what feeds the metrics: the rejected sample is not there
        Assert.Null(h.Error);
    }

    [Fact]
    public void RejectedSample_ReachesTheDeadLetterHookWithReasonStoreAndPayload()
    {
        var deadLetters = new List<RejectedInput>();
        var sink = new RecordingSink(deadLetters);
        var scheduler = new System.Reactive.Concurrency.HistoricalScheduler(At(10, 0));
        var snapshots = new System.Reactive.Subjects.Subject<Signals.StoreSnapshot>();
        var samples = new System.Reactive.Subjects.Subject<ActiveUsersSample>();
        using var run = new DriftPipeline(new DriftPipelineOptions(), scheduler, sink).Run(snapshots, samples).Subscribe();

        snapshots.OnNext(new Signals.StoreSnapshot { StoreId = "s1", At = At(10, 0), SessionKeys = 5 });
        samples.OnNext(new ActiveUsersSample("s1", "shopify", -3, 300, At(10, 0)));

        var rejected = Assert.Single(deadLetters);
        Assert.Equal(RejectionReason.NegativeCount, rejected.Reason);
        Assert.Equal("s1", rejected.StoreId);
        Assert.True(ActiveUsersSampleJson.TryParse(rejected.Payload.Span, out var payload, out _, out _));
        Assert.Equal(-3, payload!.ActiveUsers);
    }

    [Fact]
    public void ConfiguredStoreWithoutRedisSnapshots_IsKnownButHasNoHistoryToJoin()
    {
        using var h = new PipelineHarness(At(10, 0), new DriftPipelineOptions { KnownStores = new HashSet<string> { "s2" } });
        h.Sample("s2", At(10, 0, 5), 100, TimeSpan.FromSeconds(1));
        h.Sample("s3", At(10, 0, 6), 100, TimeSpan.FromSeconds(1));

        h.AdvanceTo(At(10, 1, 31));

        Assert.Equal(1, h.Rejections[RejectionReason.OlderThanHistory]);
        Assert.Equal(1, h.Rejections[RejectionReason.UnknownStore]);
    }

    private sealed class RecordingSink(List<RejectedInput> into) : IRejectedInputSink
    {
        public void Reject(RejectedInput rejected) => into.Add(rejected);
    }
}
