using Confluent.Kafka;
using StreamDrift.Core.Samples;
using StreamDrift.Kafka.Avro;
using StreamDrift.Kafka.Native;

namespace StreamDrift.LoadGen;

/// <summary>
/// <c>--users-kafka BOOTSTRAP:TOPIC</c>: samples produced to a topic, keyed by store id (as a connector would),
/// in JSON or Avro single-object encoding (<c>--users-format</c>), for StreamDrift's Kafka source.
/// </summary>
internal sealed class KafkaUsersOutput : IUsersOutput
{
    private readonly IProducer<string, byte[]> _producer;
    private readonly string _topic;
    private readonly bool _avro;

    public KafkaUsersOutput(string bootstrapServers, string topic, bool avro)
    {
        KafkaNativeLibrary.EnsureLoaded();
        _producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            EnableIdempotence = true,
            LingerMs = 5,
        }).Build();
        _topic = topic;
        _avro = avro;
    }

    /// <summary>Parses <c>BOOTSTRAP:TOPIC</c>; the topic follows the last colon (bootstrap lists hold host:port pairs).</summary>
    public static KafkaUsersOutput Parse(string target, bool avro)
    {
        var colon = target.LastIndexOf(':');
        return colon <= 0 || colon == target.Length - 1
            ? throw new ArgumentException($"--users-kafka '{target}': expected BOOTSTRAP:TOPIC, e.g. 127.0.0.1:9092:active-users")
            : new KafkaUsersOutput(target[..colon], target[(colon + 1)..], avro);
    }

    // Produce is asynchronous in librdkafka: the simulator's loop is not held up by the broker.
    public void Write(ActiveUsersSample sample) =>
        _producer.Produce(_topic, new Message<string, byte[]>
        {
            Key = sample.StoreId,
            Value = _avro ? ActiveUsersSampleSerializer.Serialize(sample) : SampleJson.Serialize(sample),
        });

    public ValueTask DisposeAsync()
    {
        // Disposal flushes: samples reported at the end of a run still reach the topic.
        _producer.Flush(TimeSpan.FromSeconds(10));
        _producer.Dispose();
        return ValueTask.CompletedTask;
    }
}
