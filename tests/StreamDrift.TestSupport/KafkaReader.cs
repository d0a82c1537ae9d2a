using Confluent.Kafka;
using StreamDrift.Kafka.Native;

namespace StreamDrift.TestSupport;

/// <summary>
/// Reads a topic the way a downstream consumer would: a plain Confluent.Kafka consumer in its own
/// consumer group, from the earliest offset. Reads until <c>expected</c> records arrived, then keeps
/// reading for <c>linger</c> so a duplicate arriving late is caught too.
/// </summary>
public static class KafkaReader
{
    public static IReadOnlyList<ConsumeResult<string, byte[]>> Read(
        string bootstrapServers, string topic, int expected, TimeSpan timeout, TimeSpan? linger = null)
    {
        KafkaNativeLibrary.EnsureLoaded();
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "test-reader-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).SetLogHandler((_, _) => { }).Build();
        consumer.Subscribe(topic);
        var results = new List<ConsumeResult<string, byte[]>>();
        var deadline = DateTime.UtcNow + timeout;
        DateTime? stopAt = null;
        while (DateTime.UtcNow < (stopAt ?? deadline))
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is { IsPartitionEOF: false, Message: not null })
            {
                results.Add(result);
            }
            if (results.Count >= expected && stopAt is null)
            {
                stopAt = DateTime.UtcNow + (linger ?? TimeSpan.FromSeconds(1));
            }
        }
        consumer.Close();
        return results;
    }
}
