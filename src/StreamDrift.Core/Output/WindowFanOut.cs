using System.Threading.Channels;
using StreamDrift.Core.Alerts;

namespace StreamDrift.Core.Output;

/// <summary>
/// Hands every judged window to each output through a queue of its own, drained by a loop of its own:
/// <see cref="Post"/> never blocks the pipeline (it is called inside Rx callbacks, under the pipeline's
/// lock), and a slow or failing output delays only itself. An output that throws on a window is
/// reported through <c>failed</c> and counted; the window is skipped for that output only.
/// </summary>
/// <remarks>
/// The queues are unbounded on purpose: a Kafka outage must delay records, never lose them while the
/// process lives, and must not stall judging. What bounds them is the window rate: one window per store
/// per window size (at 10 stores and 5 s windows, 7,200 windows an hour of outage, about 1 KB each).
/// <see cref="Pending"/> shows the backlog; the process's memory is the limit, and what is queued is lost
/// only if the process dies.
/// </remarks>
public sealed class WindowFanOut : IAsyncDisposable
{
    private readonly Lane[] _lanes;
    private readonly Action<IWindowOutput, TrackedWindow?, Exception>? _failed;
    private long _failures;
    private long _pending;

    /// <param name="outputs">Written in parallel, each in window order. Not owned: the caller disposes them.</param>
    /// <param name="failed">Told of each failed write or flush (the window is null for a flush); runs on that output's loop.</param>
    public WindowFanOut(IEnumerable<IWindowOutput> outputs, Action<IWindowOutput, TrackedWindow?, Exception>? failed = null)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        _failed = failed;
        _lanes = outputs.Select(o => new Lane(o, this)).ToArray();
    }

    /// <summary>Writes or flushes that threw, over all outputs.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Windows queued and not yet written, summed over the outputs.</summary>
    public long Pending => Interlocked.Read(ref _pending);

    /// <summary>Queues the window for every output; returns at once.</summary>
    public void Post(TrackedWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        foreach (var lane in _lanes)
        {
            // Unbounded: TryWrite fails only after Complete, when nothing more is accepted.
            if (lane.Queue.Writer.TryWrite(window))
            {
                Interlocked.Increment(ref _pending);
            }
        }
    }

    /// <summary>Stops accepting windows, writes what is queued, then flushes every output.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        foreach (var lane in _lanes)
        {
            lane.Queue.Writer.TryComplete();
        }
        await Task.WhenAll(_lanes.Select(l => l.Loop)).WaitAsync(cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(_lanes.Select(l => l.FlushAsync(cancellationToken))).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var lane in _lanes)
        {
            lane.Queue.Writer.TryComplete();
        }
        await Task.WhenAll(_lanes.Select(l => l.Loop)).ConfigureAwait(false);
    }

    private void Fail(IWindowOutput output, TrackedWindow? window, Exception error)
    {
        Interlocked.Increment(ref _failures);
        _failed?.Invoke(output, window, error);
    }

    private sealed class Lane
    {
        private readonly IWindowOutput _output;
        private readonly WindowFanOut _owner;

        public Lane(IWindowOutput output, WindowFanOut owner)
        {
            _output = output ?? throw new ArgumentNullException(nameof(output));
            _owner = owner;
            Loop = Task.Run(DrainAsync);
        }

        public Channel<TrackedWindow> Queue { get; } =
            Channel.CreateUnbounded<TrackedWindow>(new UnboundedChannelOptions { SingleReader = true });

        public Task Loop { get; }

        public async Task FlushAsync(CancellationToken cancellationToken)
        {
            try
            {
                await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _owner.Fail(_output, null, e);
            }
        }

        private async Task DrainAsync()
        {
            await foreach (var window in Queue.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                try
                {
                    await _output.WriteAsync(window, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Any failure of one output is isolated: the others and the pipeline carry on.
                    _owner.Fail(_output, window, e);
                }
                finally
                {
                    Interlocked.Decrement(ref _owner._pending);
                }
            }
        }
    }
}
