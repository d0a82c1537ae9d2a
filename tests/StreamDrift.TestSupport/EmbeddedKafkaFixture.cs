using StreamDrift.Kafka;
using Xunit;

namespace StreamDrift.TestSupport;

/// <summary>
/// One embedded Kafka (three brokers) shared by a test class (<c>IClassFixture&lt;EmbeddedKafkaFixture&gt;</c>).
/// Tests keep apart by their own topic names (<see cref="Topic"/>); outage tests that take the brokers
/// down must start their own <see cref="EmbeddedKafka"/> instead.
/// </summary>
public sealed class EmbeddedKafkaFixture : IAsyncLifetime
{
    private EmbeddedKafka? _kafka;

    public EmbeddedKafka Kafka => _kafka ?? throw new InvalidOperationException("The fixture is not initialised.");

    public string BootstrapServers => Kafka.BootstrapServers;

    /// <summary>Creates a topic with a unique name starting with <paramref name="prefix"/>.</summary>
    public string Topic(string prefix, int partitions = 3)
    {
        var name = $"{prefix}.{Guid.NewGuid():N}";
        Kafka.CreateTopic(name, partitions);
        return name;
    }

    public Task InitializeAsync()
    {
        _kafka = EmbeddedKafka.Start(3);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_kafka is not null)
        {
            await _kafka.DisposeAsync().ConfigureAwait(false);
        }
    }
}
