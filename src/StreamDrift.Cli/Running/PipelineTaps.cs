using StreamDrift.Core.Alerts;
using StreamDrift.Core.Samples;
using StreamDrift.Core.Signals;

namespace StreamDrift.Cli.Running;

/// <summary>
/// Optional observers of what flows through the live pipeline, for views such as the demo's. They run
/// on the pipeline's threads and must return quickly.
/// </summary>
internal sealed record PipelineTaps
{
    public static PipelineTaps None { get; } = new();

    public Action<StoreSnapshot>? Snapshot { get; init; }

    public Action<ActiveUsersSample>? Users { get; init; }

    /// <summary>A judged window, after its outputs (Kafka, JSON lines) were written.</summary>
    public Action<TrackedWindow>? Published { get; init; }
}
