using System.Collections.Concurrent;
using System.Text;
using Confluent.Kafka;
using StreamDrift.Kafka.Source;
using StreamDrift.Core.Samples;
using StreamDrift.TestSupport;
using StreamDrift.Kafka.Avro;

namespace StreamDrift.Kafka.Tests.Source;

public class KafkaActiveUsersSourceTests
{
    [Fact]
    public async Task Source_EmitsAvroAndJsonSamples_AndDeadLettersTheRest()
    {
        await using var kafka = EmbeddedKafka.Start();
        kafka.CreateTopic("samples", 1);
        var at = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
        var avro = new ActiveUsersSample("s1", "shopify", 9800, 300, at, 42);
        using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build())
        {
            await producer.ProduceAsync("samples", new Message<string, byte[]> { Key = "s1", Value = ActiveUsersSampleSerializer.Serialize(avro) });
            await producer.ProduceAsync("samples", new Message<string, byte[]> { Key = "s2", Value = "not json"u8.ToArray() });
            await producer.ProduceAsync("samples", new Message<string, byte[]>
            {
                Key = "s2",
                Value = Encoding.UTF8.GetBytes("""{"storeId":"s2","connector":"bc","activeUsers":7,"activeWindowSeconds":60,"observedAt":"2026-11-22T12:00:00Z"}"""),
            });
        }
        var rejected = new RecordingRejectedSink();
        var source = new KafkaActiveUsersSource(new KafkaSourceOptions { BootstrapServers = kafka.BootstrapServers, Topic = "samples", GroupId = "g1", FromEarliest = true },
            rejected, TimeProvider.System);
        var received = new BlockingCollection<ActiveUsersSample>();

        using (source.Subscribe(received.Add))
        {
            Assert.True(received.TryTake(out var first, TimeSpan.FromSeconds(30)));
            Assert.True(received.TryTake(out var second, TimeSpan.FromSeconds(30)));
            Assert.Equal(avro, first);
            Assert.Equal(new ActiveUsersSample("s2", "bc", 7, 60, at), second);
        }

        var bad = Assert.Single(rejected.Rejected);
        Assert.Equal(RejectionReason.MalformedJson, bad.Reason);
        Assert.Equal("kafka:samples", bad.Source);
        Assert.Equal("s2", bad.StoreId);
        Assert.Equal("not json"u8.ToArray(), bad.Payload.ToArray());
    }
}
