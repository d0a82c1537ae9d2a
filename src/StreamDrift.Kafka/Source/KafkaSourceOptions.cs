using StreamDrift.Core.Options;

namespace StreamDrift.Kafka.Source;

/// <summary>Where the Kafka connector reads active-user samples. Validated when the source is created.</summary>
public sealed class KafkaSourceOptions
{
    /// <summary>host:port list of the brokers. Required.</summary>
    public string BootstrapServers { get; set; } = "";

    /// <summary>Topic of active-user samples (Avro single-object encoding or JSON). Default <c>storefront.active-users</c>.</summary>
    public string Topic { get; set; } = "storefront.active-users";

    /// <summary>Consumer group: instances in one group share the topic's partitions. Default <c>streamdrift</c>.</summary>
    public string GroupId { get; set; } = "streamdrift";

    /// <summary>Where a new group starts: true for the earliest offset, false for new samples only. Default false.</summary>
    public bool FromEarliest { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        OptionGuard.Require(!string.IsNullOrWhiteSpace(BootstrapServers), nameof(KafkaSourceOptions), nameof(BootstrapServers), "is required");
        OptionGuard.Require(!string.IsNullOrWhiteSpace(Topic), nameof(KafkaSourceOptions), nameof(Topic), "is required");
        OptionGuard.Require(!string.IsNullOrWhiteSpace(GroupId), nameof(KafkaSourceOptions), nameof(GroupId), "is required");
    }
}
