using Confluent.Kafka;

namespace StreamDrift.Kafka.Tests;

public class EmbeddedKafkaTests
{
    [Fact]
    public async Task EmbeddedKafka_IsReachableOverTcpByAPlainClient()
    {
        await using var kafka = EmbeddedKafka.Start();
        kafka.CreateTopic("smoke", 1);
        Assert.Matches(@"^127\.0\.0\.1:\d+$", kafka.BootstrapServers);

        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build())
        {
            var report = await producer.ProduceAsync("smoke", new Message<string, string> { Key = "k", Value = "hello" });
            Assert.Equal(PersistenceStatus.Persisted, report.Status);
        }

        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            GroupId = "smoke-group",
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe("smoke");
        var result = consumer.Consume(TimeSpan.FromSeconds(20));
        Assert.NotNull(result);
        Assert.Equal("hello", result.Message.Value);
        consumer.Close();
    }
}
