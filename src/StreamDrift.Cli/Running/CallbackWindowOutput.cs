using StreamDrift.Core.Alerts;
using StreamDrift.Core.Output;

namespace StreamDrift.Cli.Running;

/// <summary>A window output that hands each window to an in-process observer: metrics, the alert log, a view.</summary>
internal sealed class CallbackWindowOutput(string name, Action<TrackedWindow> write) : IWindowOutput
{
    public string Name => name;

    public ValueTask WriteAsync(TrackedWindow window, CancellationToken cancellationToken)
    {
        write(window);
        return ValueTask.CompletedTask;
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
