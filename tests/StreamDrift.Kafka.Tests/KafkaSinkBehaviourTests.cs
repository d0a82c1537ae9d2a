using System.Text;
using StreamDrift.Core.Alerts;
using StreamDrift.Core.Samples;
using StreamDrift.Kafka.Sink;
using StreamDrift.TestSupport;

namespace StreamDrift.Kafka.Tests;

public class KafkaSinkBehaviourTests(EmbeddedKafkaFixture fixture) : IClassFixture<EmbeddedKafkaFixture>
{
    private KafkaSinkOptions Options() => new()
    {
        BootstrapServers = fixture.BootstrapServers,
        ObservationsTopic = fixture.Topic("obs"),
        AlertsTopic = fixture.Topic("alerts"),
        DeadLetterTopic = fixture.Topic("dead"),
    };

    [Fact]
    public async Task RejectedInput_IsPublishedOnTheDeadLetterTopic_WithPayloadAndReasonHeaders()
    {
        var options = Options();
        var payload = Encoding.UTF8.GetBytes("{\"storeId\":\"store-9\",\"activeUsers\":");
        await using (var sink = new KafkaDriftSink(options, TimeProvider.System))
        {
            new KafkaDeadLetterSink(sink).Reject(new RejectedInput("kafka:samples", RejectionReason.MalformedJson,
                "unexpected end of data", payload, TestData.T0, "store-9"));
            await sink.FlushAsync();
        }

        var read = Assert.Single(KafkaReader.Read(fixture.BootstrapServers, options.DeadLetterTopic, 1, TimeSpan.FromSeconds(30)));

        Assert.Equal("store-9", read.Message.Key);
        Assert.Equal(payload, read.Message.Value);
        Assert.Equal("MALFORMED_JSON", Decoded.Header(read.Message.Headers, KafkaDeadLetterSink.ReasonHeader));
        Assert.Equal("kafka:samples", Decoded.Header(read.Message.Headers, KafkaDeadLetterSink.SourceHeader));
        Assert.Equal("unexpected end of data", Decoded.Header(read.Message.Headers, KafkaDeadLetterSink.DetailHeader));
        Assert.Equal("2026-11-22T12:00:00.0000000+00:00", Decoded.Header(read.Message.Headers, KafkaDeadLetterSink.AtHeader));
    }

    [Fact]
    public async Task FullBuffer_MakesPublishWait_AndDropsDeadLettersInsteadOfBlocking()
    {
        // Its own cluster: the brokers go down, which must not disturb the class's shared one.
        await using var kafka = EmbeddedKafka.Start(1);
        kafka.CreateTopic("bp.obs", 1);
        await using var sink = new KafkaDriftSink(new KafkaSinkOptions
        {
            BootstrapServers = kafka.BootstrapServers,
            ObservationsTopic = "bp.obs",
            DeadLetterTopic = "bp.dead",
            MaxBuffered = 2,
        }, TimeProvider.System);
        await sink.PublishObservationAsync(TestData.Window("s", 0));
        await sink.FlushAsync();
        kafka.SetAllDown();

        await sink.PublishObservationAsync(TestData.Window("s", 1));
        await sink.PublishObservationAsync(TestData.Window("s", 2));
        // The buffer is full now (both records are held while the brokers are down): a dead letter, which must
        // never block, is dropped instead of queued.
        new KafkaDeadLetterSink(sink).Reject(new RejectedInput("test", RejectionReason.Duplicate, "d", Array.Empty<byte>(), TestData.T0));
        Assert.Equal(1, sink.Statistics.DeadLettersDropped);
        var third = PublishThenReadDelivered(sink, TestData.Window("s", 3));
        Assert.False(third.IsCompleted);

        kafka.SetAllUp();
        // Proven by what follows, not by a sleep: the third publish returned only once a record held during the
        // outage was delivered and gave its slot back (the delivery count is raised before the slot is released).
        var deliveredWhenThirdReturned = await third.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(deliveredWhenThirdReturned >= 2, $"the third publish returned after only {deliveredWhenThirdReturned} deliveries");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await sink.FlushAsync(cts.Token);
        Assert.Equal(new SinkStatistics(4, 0, 0, 1), sink.Statistics);
    }

    private static async Task<long> PublishThenReadDelivered(KafkaDriftSink sink, TrackedWindow window)
    {
        await sink.PublishObservationAsync(window);
        return sink.Statistics.Delivered;
    }

    [Fact]
    public async Task BurstFarLargerThanTheBuffer_IsDeliveredWhole_WithoutLocalQueueFullErrors()
    {
        // The buffer refills from delivery reports, while librdkafka may still count those records:
        // the sink must neither throw "Local: Queue full" nor lose a record under a sustained burst.
        var options = Options();
        options.MaxBuffered = 1000;
        await using var sink = new KafkaDriftSink(options, TimeProvider.System);

        for (var i = 0; i < 20_000; i++)
        {
            await sink.PublishObservationAsync(TestData.Window("burst-" + (i % 50), i));
        }
        await sink.FlushAsync();

        Assert.Equal(new SinkStatistics(20_000, 0, 0, 0), sink.Statistics);
    }

    [Fact]
    public void InvalidOptions_AreRejectedNamingTheSetting()
    {
        var ex = Assert.Throws<ArgumentException>(() => new KafkaDriftSink(new KafkaSinkOptions(), TimeProvider.System));
        Assert.Equal(nameof(KafkaSinkOptions.BootstrapServers), ex.ParamName);

        ex = Assert.Throws<ArgumentException>(() => new KafkaDriftSink(new KafkaSinkOptions { BootstrapServers = "x:1", MaxBuffered = 0 }, TimeProvider.System));
        Assert.Equal(nameof(KafkaSinkOptions.MaxBuffered), ex.ParamName);
    }
}
