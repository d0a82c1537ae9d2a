using System.Threading.Channels;
using StreamDrift.Core.Samples;
using StreamDrift.Core.Signals;

namespace StreamDrift.Cli.Recording;

/// <summary>
/// <c>--record</c> behind a queue: <see cref="Post(StoreSnapshot)"/> is called inside Rx callbacks and
/// returns at once; one loop appends to the <see cref="RecordingWriter"/>. Unbounded like the window
/// outputs' queues: inputs arrive at the sampling rate (a snapshot a second per store plus the users
/// samples), so a slow disk grows memory slowly instead of stalling the watcher. Disposing writes what is
/// queued, then closes the file.
/// </summary>
internal sealed class RecordingQueue : IAsyncDisposable
{
    private readonly RecordingWriter _writer;
    private readonly Channel<RecordingEntry> _queue = Channel.CreateUnbounded<RecordingEntry>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Action<Exception>? _failed;
    private readonly Task _loop;

    /// <param name="writer">Owned: disposed with the queue.</param>
    /// <param name="failed">Told of an entry that could not be written; the others still are.</param>
    public RecordingQueue(RecordingWriter writer, Action<Exception>? failed = null)
    {
        _writer = writer ?? throw new ArgumentNullException(nameof(writer));
        _failed = failed;
        _loop = Task.Run(DrainAsync);
    }

    public void Post(StoreSnapshot snapshot) => _queue.Writer.TryWrite(RecordingEntry.Of(snapshot));

    public void Post(ActiveUsersSample users) => _queue.Writer.TryWrite(RecordingEntry.Of(users));

    private async Task DrainAsync()
    {
        await foreach (var entry in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await _writer.AppendAsync(entry).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                _failed?.Invoke(e);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        await _writer.DisposeAsync().ConfigureAwait(false);
    }
}
