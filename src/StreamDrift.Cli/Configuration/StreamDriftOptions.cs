namespace StreamDrift.Cli.Configuration;

/// <summary>
/// Everything <c>streamdrift run</c> needs, read once at start from the JSON file (<c>--config</c>),
/// <c>STREAMDRIFT_</c> environment variables and flags (flags win), then validated by <see cref="OptionsReader"/>.
/// </summary>
internal sealed record StreamDriftOptions
{
    /// <summary>The watched stores; at least one, ids unique. Single-store flags address <c>Stores:0</c>.</summary>
    public required IReadOnlyList<StoreOptions> Stores { get; init; }

    /// <summary>Kafka mode; with <see cref="KafkaMode.Brokers"/>, <see cref="KafkaBootstrap"/> says where.</summary>
    public KafkaMode Kafka { get; init; } = KafkaMode.Brokers;

    /// <summary>Bootstrap servers (<c>host:port,host:port</c>). Default <c>localhost:9092</c>.</summary>
    public string KafkaBootstrap { get; init; } = "localhost:9092";

    public TopicOptions Topics { get; init; } = new();

    /// <summary>Path of the JSON-lines sink (<c>--sink jsonl:PATH</c>), or null for none.</summary>
    public string? SinkPath { get; init; }

    /// <summary>Path of the replay recording (<c>--record FILE.jsonl</c>), or null for none.</summary>
    public string? RecordPath { get; init; }

    /// <summary>Port of <c>/metrics</c> and <c>/healthz</c>. Default 9464; 0 turns the endpoint off.</summary>
    public int MetricsPort { get; init; } = 9464;

    /// <summary>
    /// Address the card, <c>/metrics</c> and <c>/healthz</c> bind. Default <c>127.0.0.1</c>: nothing outside the host
    /// reaches them unless the operator names the interface the monitoring network scrapes (or <c>0.0.0.0</c> in a
    /// container whose port is published only to it).
    /// </summary>
    public string MetricsBind { get; init; } = "127.0.0.1";

    /// <summary>Scale-out by consumer group (<c>--group</c>), or null: this instance runs every store it is given.</summary>
    public GroupOptions? Group { get; init; }

    /// <summary>This instance's name in published records and logs (<c>--instance</c>). Default: the host name.</summary>
    public string Instance { get; init; } = Environment.MachineName;

    /// <summary>Console log format: <c>text</c> (default) or <c>json</c> (structured, one object per line).</summary>
    public string LogFormat { get; init; } = "text";
}
