using StreamDrift.Core.Alerts;
using StreamDrift.Core.Output;

namespace StreamDrift.Core.Tests.Output;

/// <summary>A window output that keeps what it was given, and can be held, made to fail, or told when it has enough.</summary>
internal sealed class RecordingOutput(string name) : IWindowOutput
{
    private readonly List<TrackedWindow> _written = [];

    public string Name => name;

    /// <summary>Writes wait for this before returning (the output is stuck until it completes).</summary>
    public Task Hold { get; set; } = Task.CompletedTask;

    public Func<TrackedWindow, bool> FailOn { get; set; } = _ => false;

    public bool FailFlush { get; set; }

    public int WrittenAtFlush { get; private set; } = -1;

    public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int ReachAt { get; set; } = int.MaxValue;

    public IReadOnlyList<TrackedWindow> Written
    {
        get
        {
            lock (_written)
            {
                return [.. _written];
            }
        }
    }

    public async ValueTask WriteAsync(TrackedWindow window, CancellationToken cancellationToken)
    {
        await Hold.ConfigureAwait(false);
        int count;
        lock (_written)
        {
            _written.Add(window);
            count = _written.Count;
        }
        if (count >= ReachAt)
        {
            Reached.TrySetResult();
        }
        if (FailOn(window))
        {
            throw new IOException($"{name} refused the window");
        }
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        WrittenAtFlush = Written.Count;
        return FailFlush ? throw new IOException($"{name} cannot flush") : ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
