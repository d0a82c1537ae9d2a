using StreamDrift.Cli.Configuration;

namespace StreamDrift.Cli.Health;

/// <summary>
/// Kafka as <c>/healthz</c> reports it. The bootstrap address is there so that users of
/// <c>--kafka embedded</c> (a broker on a random port) can point a consumer at it.
/// </summary>
internal sealed class KafkaHealth(KafkaMode mode, string bootstrap)
{
    private volatile string _bootstrap = bootstrap;
    private volatile bool _reachable;
    private volatile string? _lastError;

    public KafkaMode Mode { get; } = mode;

    public string Bootstrap
    {
        get => _bootstrap;
        set => _bootstrap = value;
    }

    public bool Reachable
    {
        get => _reachable;
        set => _reachable = value;
    }

    public string? LastError
    {
        get => _lastError;
        set => _lastError = value;
    }

    public bool Healthy => Mode == KafkaMode.None || Reachable;
}
