using StreamDrift.Core.Alerts;
using StreamDrift.Core.Output;

namespace StreamDrift.Kafka.Sink;

/// <summary>
/// The Kafka sink as one of the window outputs: each window's observation (and alert transition) is
/// produced in order from the fan-out's loop. While the brokers are down the producer's buffer fills and
/// <see cref="KafkaDriftSink.PublishAsync(TrackedWindow, CancellationToken)"/> waits; the windows behind it
/// wait in the fan-out's queue for this output, so records are delayed, not lost, and judging goes on.
/// </summary>
public sealed class KafkaWindowOutput(KafkaDriftSink sink) : IWindowOutput
{
    public string Name => "kafka";

    public ValueTask WriteAsync(TrackedWindow window, CancellationToken cancellationToken) =>
        new(sink.PublishAsync(window, cancellationToken));

    public ValueTask FlushAsync(CancellationToken cancellationToken) => new(sink.FlushAsync(cancellationToken));

    /// <summary>The sink is shared with the dead-letter path; its owner disposes it.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
