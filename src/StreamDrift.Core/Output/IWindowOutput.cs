using StreamDrift.Core.Alerts;

namespace StreamDrift.Core.Output;

/// <summary>
/// Somewhere judged windows go: Kafka, a JSON-lines file, metrics, a view. Fed by a
/// <see cref="WindowFanOut"/> from one loop of its own, so an output sees windows in order, one at a
/// time, and may take as long as it needs without holding up the pipeline or the other outputs.
/// </summary>
public interface IWindowOutput : IAsyncDisposable
{
    /// <summary>Names the output in failure reports.</summary>
    string Name { get; }

    /// <summary>Writes one window (and its alert transition, if any).</summary>
    ValueTask WriteAsync(TrackedWindow window, CancellationToken cancellationToken);

    /// <summary>Makes what was written durable (acknowledged, on disk) before the process ends.</summary>
    ValueTask FlushAsync(CancellationToken cancellationToken);
}
