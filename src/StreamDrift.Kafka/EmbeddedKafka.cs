using StreamDrift.Kafka.Native;

namespace StreamDrift.Kafka;

/// <summary>
/// A Kafka-protocol broker inside this process: librdkafka's mock cluster, listening on loopback TCP,
/// so any Kafka client (Confluent.Kafka, Java, kcat) reaches it through <see cref="BootstrapServers"/>.
/// For tests and the zero-setup demo; data lives in memory and dies with the instance.
/// </summary>
public sealed class EmbeddedKafka : IAsyncDisposable
{
    private readonly MockCluster _cluster;

    private EmbeddedKafka(MockCluster cluster, int brokers)
    {
        _cluster = cluster;
        Brokers = brokers;
        BootstrapServers = cluster.Bootstraps();
    }

    /// <summary>Comma-separated host:port list of the brokers.</summary>
    public string BootstrapServers { get; }

    /// <summary>Number of brokers; their ids run from 1 to this number.</summary>
    public int Brokers { get; }

    /// <summary>Starts a cluster of <paramref name="brokers"/> brokers (1 to 10).</summary>
    public static EmbeddedKafka Start(int brokers = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(brokers, 10);
        return new EmbeddedKafka(MockCluster.Create(brokers), brokers);
    }

    /// <summary>Creates a topic (topics are also auto-created on first use with the mock's defaults).</summary>
    public void CreateTopic(string topic, int partitions = 3)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        _cluster.CreateTopic(topic, partitions, Math.Min(Brokers, 3));
    }

    /// <summary>Takes every broker down: connections drop and new ones are refused (an outage).</summary>
    public void SetAllDown()
    {
        for (var id = 1; id <= Brokers; id++)
        {
            _cluster.SetBrokerDown(id);
        }
    }

    /// <summary>Brings every broker back.</summary>
    public void SetAllUp()
    {
        for (var id = 1; id <= Brokers; id++)
        {
            _cluster.SetBrokerUp(id);
        }
    }

    /// <summary>Takes one broker (id 1..<see cref="Brokers"/>) down.</summary>
    public void SetBrokerDown(int brokerId) => _cluster.SetBrokerDown(brokerId);

    /// <summary>Brings one broker back.</summary>
    public void SetBrokerUp(int brokerId) => _cluster.SetBrokerUp(brokerId);

    public ValueTask DisposeAsync()
    {
        _cluster.Dispose();
        return ValueTask.CompletedTask;
    }
}
