namespace StreamDrift.Cli.Configuration;

/// <summary>What <c>--kafka</c> asks for.</summary>
internal enum KafkaMode
{
    /// <summary>A real cluster at <see cref="StreamDriftOptions.KafkaBootstrap"/>.</summary>
    Brokers,
    /// <summary>The Kafka-protocol broker built into librdkafka, started in-process (tests, demo).</summary>
    Embedded,
    /// <summary>No Kafka at all: output goes only to the JSON-lines sink, metrics and logs.</summary>
    None,
}
