using StreamDrift.Core.Options;

namespace StreamDrift.Kafka.Sink;

/// <summary>Where and how the sink publishes. Validated once when the sink is created.</summary>
public sealed class KafkaSinkOptions
{
    /// <summary>host:port list of the brokers (e.g. <see cref="EmbeddedKafka.BootstrapServers"/>). Required.</summary>
    public string BootstrapServers { get; set; } = "";

    /// <summary>Per-window drift observations. Default <c>streamdrift.drift-observations</c>.</summary>
    public string ObservationsTopic { get; set; } = "streamdrift.drift-observations";

    /// <summary>Alert lifecycle (opened / updated / resolved). Default <c>streamdrift.drift-alerts</c>.</summary>
    public string AlertsTopic { get; set; } = "streamdrift.drift-alerts";

    /// <summary>Rejected input (dead letters). Default <c>streamdrift.rejected-input</c>.</summary>
    public string DeadLetterTopic { get; set; } = "streamdrift.rejected-input";

    /// <summary>Records accepted but not yet acknowledged by the brokers. When full, publishing waits
    /// (back-pressure) and dead letters are dropped and counted. Default 10,000; 1 to 1,000,000.</summary>
    public int MaxBuffered { get; set; } = 10_000;

    /// <summary>How long a record may wait for the brokers before it is reported failed. Default
    /// <see cref="Timeout.InfiniteTimeSpan"/>: an outage delays records but loses none while the process
    /// lives (the idempotent producer retries without duplicating).</summary>
    public TimeSpan DeliveryTimeout { get; set; } = Timeout.InfiniteTimeSpan;

    /// <summary>How long disposal waits for buffered records. Default 30 s; must be positive.</summary>
    public TimeSpan FlushTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The instance named in every observation (its <c>instance</c> field), for consumers that de-duplicate across owners. Default none.</summary>
    public string? Instance { get; set; }

    /// <summary>Kafka client id. Default <c>streamdrift</c>.</summary>
    public string ClientId { get; set; } = "streamdrift";

    /// <summary>Further librdkafka settings (security, compression...); StreamDrift's own guarantees
    /// (idempotence, acks=all, partitioner) cannot be overridden here.</summary>
    public IDictionary<string, string> Extra { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        OptionGuard.Require(!string.IsNullOrWhiteSpace(BootstrapServers), nameof(KafkaSinkOptions), nameof(BootstrapServers), "is required");
        OptionGuard.Require(!string.IsNullOrWhiteSpace(ObservationsTopic), nameof(KafkaSinkOptions), nameof(ObservationsTopic), "is required");
        OptionGuard.Require(!string.IsNullOrWhiteSpace(AlertsTopic), nameof(KafkaSinkOptions), nameof(AlertsTopic), "is required");
        OptionGuard.Require(!string.IsNullOrWhiteSpace(DeadLetterTopic), nameof(KafkaSinkOptions), nameof(DeadLetterTopic), "is required");
        OptionGuard.Require(MaxBuffered is >= 1 and <= 1_000_000, nameof(KafkaSinkOptions), nameof(MaxBuffered), "must be between 1 and 1,000,000");
        OptionGuard.Require(DeliveryTimeout == Timeout.InfiniteTimeSpan || DeliveryTimeout >= TimeSpan.FromSeconds(1), nameof(KafkaSinkOptions), nameof(DeliveryTimeout), "must be infinite or at least 1 s");
        OptionGuard.Require(FlushTimeout > TimeSpan.Zero, nameof(KafkaSinkOptions), nameof(FlushTimeout), "must be positive");
    }

}
