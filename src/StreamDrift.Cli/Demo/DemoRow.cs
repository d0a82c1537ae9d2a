using StreamDrift.Core.Classification;
using StreamDrift.Core.Detection;

namespace StreamDrift.Cli.Demo;

/// <summary>What the demo's view shows of one store: the latest figures, state and cause.</summary>
internal sealed record DemoRow(string StoreId)
{
    public long? SessionKeys { get; init; }

    public long? ActiveUsers { get; init; }

    public double? Drift { get; init; }

    public DriftState State { get; init; } = DriftState.Normal;

    public Cause? Cause { get; init; }
}
