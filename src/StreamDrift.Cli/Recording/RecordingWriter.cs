using StreamDrift.Core.Samples;
using StreamDrift.Core.Signals;

namespace StreamDrift.Cli.Recording;

/// <summary>
/// <c>run --record FILE.jsonl</c>: writes what the pipeline saw so <c>replay</c> can judge it again.
/// User samples arrive late and out of order, so entries wait in a reorder buffer until the newest event
/// time has passed them by <see cref="ReorderHorizon"/> (the grace period), then leave in event-time order.
/// A sample later than that is written where it arrived: replay then finds it late, as the live run did.
/// Memory is bounded by the entries of one horizon.
/// </summary>
internal sealed class RecordingWriter : IAsyncDisposable
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    private readonly FileStream _stream;
    private readonly PriorityQueue<RecordingEntry, (long Ticks, long Sequence)> _pending = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _sequence;
    private DateTimeOffset _newest = DateTimeOffset.MinValue;
    private bool _disposed;

    public RecordingWriter(string path, TimeSpan reorderHorizon)
    {
        ReorderHorizon = reorderHorizon;
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        // A recording is one run: a new run starts a new file rather than interleaving two timelines.
        _stream = new FileStream(full, FileMode.Create, FileAccess.Write, FileShare.Read, 65536, useAsync: true);
    }

    public TimeSpan ReorderHorizon { get; }

    public Task AppendAsync(StoreSnapshot snapshot, CancellationToken cancellationToken = default) =>
        AppendAsync(RecordingEntry.Of(snapshot), cancellationToken);

    public Task AppendAsync(ActiveUsersSample users, CancellationToken cancellationToken = default) =>
        AppendAsync(RecordingEntry.Of(users), cancellationToken);

    public async Task AppendAsync(RecordingEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _pending.Enqueue(entry, (entry.EventTime.UtcTicks, _sequence++));
            if (entry.EventTime > _newest)
            {
                _newest = entry.EventTime;
            }
            await DrainAsync(_newest - ReorderHorizon, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Writes everything still buffered (shutdown: no later sample can come).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_disposed)
            {
                await DrainAsync(DateTimeOffset.MaxValue, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task DrainAsync(DateTimeOffset upTo, CancellationToken cancellationToken)
    {
        var wrote = false;
        while (_pending.TryPeek(out var next, out _) && next.EventTime <= upTo)
        {
            _pending.Dequeue();
            await _stream.WriteAsync(RecordingJson.Serialize(next), cancellationToken).ConfigureAwait(false);
            await _stream.WriteAsync(NewLine, cancellationToken).ConfigureAwait(false);
            wrote = true;
        }
        if (wrote)
        {
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await FlushAsync().ConfigureAwait(false);
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_disposed)
            {
                _disposed = true;
                await _stream.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
