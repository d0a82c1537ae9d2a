using StreamDrift.Core.Output;
using StreamDrift.Core.Samples;
using StreamDrift.Core.Signals;

namespace StreamDrift.Cli.Running;

/// <summary>
/// Optional observers of the live pipeline, for views such as the demo's: taps on its inputs, which run
/// on the pipeline's threads and must return quickly, and extra window outputs, fed by the fan-out like
/// Kafka and the JSON-lines sink.
/// </summary>
internal sealed record PipelineTaps
{
    public static PipelineTaps None { get; } = new();

    public Action<StoreSnapshot>? Snapshot { get; init; }

    public Action<ActiveUsersSample>? Users { get; init; }

    /// <summary>More outputs for the judged windows.</summary>
    public IReadOnlyList<IWindowOutput> Outputs { get; init; } = [];
}
