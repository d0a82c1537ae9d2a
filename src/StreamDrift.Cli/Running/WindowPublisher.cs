using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using StreamDrift.Cli.Sinks;
using StreamDrift.Core.Alerts;
using StreamDrift.Kafka.Avro;
using StreamDrift.Kafka.Sink;

namespace StreamDrift.Cli.Running;

/// <summary>
/// Writes every judged window to its outputs (Kafka, the JSON-lines sink, then a callback for views and
/// metrics) from one loop, so outputs see windows in order. The queue between Rx and the loop is bounded:
/// when Kafka is down for long enough to fill it, posting waits (back-pressure) instead of dropping.
/// </summary>
internal sealed class WindowPublisher : IAsyncDisposable
{
    private const int Capacity = 10_000;

    private readonly Channel<TrackedWindow> _queue =
        Channel.CreateBounded<TrackedWindow>(new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly KafkaDriftSink? _kafka;
    private readonly JsonLinesSink? _jsonl;
    private readonly Action<TrackedWindow>? _published;
    private readonly ILogger _logger;
    private readonly Task _loop;

    public WindowPublisher(KafkaDriftSink? kafka, JsonLinesSink? jsonl, ILogger logger, Action<TrackedWindow>? published = null)
    {
        _kafka = kafka;
        _jsonl = jsonl;
        _logger = logger;
        _published = published;
        _loop = Task.Run(DrainAsync);
    }

    /// <summary>Queues one window; waits while the queue is full.</summary>
    public void Post(TrackedWindow window)
    {
        if (!_queue.Writer.TryWrite(window))
        {
            _queue.Writer.WriteAsync(window).AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>Writes what is queued, then flushes Kafka.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        _queue.Writer.TryComplete();
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (_kafka is not null)
        {
            await _kafka.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DrainAsync()
    {
        await foreach (var window in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await WriteAsync(window).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or Confluent.Kafka.KafkaException)
            {
                // One output failing must not stop the others or the processor; the failure is logged with the window.
                RunningLog.OutputFailed(_logger, window.Verdict.Window.StoreId, window.Verdict.Window.End, e.Message);
            }
        }
    }

    private async Task WriteAsync(TrackedWindow window)
    {
        {
            if (_kafka is not null)
            {
                await _kafka.PublishAsync(window).ConfigureAwait(false);
            }
            if (_jsonl is not null)
            {
                await _jsonl.WriteObservationAsync(DriftObservationSerializer.ToRecord(window)).ConfigureAwait(false);
                if (window.Alert is { } alert)
                {
                    await _jsonl.WriteAlertAsync(DriftAlertSerializer.ToRecord(alert)).ConfigureAwait(false);
                }
            }
            _published?.Invoke(window);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }
}
