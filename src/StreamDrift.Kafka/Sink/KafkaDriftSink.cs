using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamDrift.Core.Alerts;
using StreamDrift.Kafka.Avro;
using StreamDrift.Kafka.Native;

namespace StreamDrift.Kafka.Sink;

/// <summary>
/// Publishes drift observations, alert transitions and dead letters to Kafka. The producer is
/// idempotent with acks=all, so librdkafka's own retries never duplicate a record; records are keyed
/// by store id with the murmur2_random partitioner (Java clients agree on partitions). At most
/// <see cref="KafkaSinkOptions.MaxBuffered"/> records wait for acknowledgement: beyond that,
/// <c>Publish*Async</c> waits (back-pressure) instead of growing memory. Disposal flushes.
/// </summary>
public sealed class KafkaDriftSink : IAsyncDisposable
{
    private static readonly TimeSpan QueueFullPause = TimeSpan.FromMilliseconds(5);
    private readonly KafkaSinkOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IProducer<string, byte[]> _producer;
    private readonly SemaphoreSlim _slots;
    private long _delivered;
    private long _failed;
    private long _buffered;
    private long _deadLettersDropped;
    private int _disposed;

    /// <summary>Creates the sink; throws <see cref="ArgumentException"/> when an option is invalid.</summary>
    public KafkaDriftSink(KafkaSinkOptions options, TimeProvider time, ILogger<KafkaDriftSink>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        KafkaNativeLibrary.EnsureLoaded();
        _options = options;
        _time = time;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _slots = new SemaphoreSlim(options.MaxBuffered, options.MaxBuffered);
        var config = new ProducerConfig(new Dictionary<string, string>(options.Extra))
        {
            BootstrapServers = options.BootstrapServers,
            ClientId = options.ClientId,
            EnableIdempotence = true,
            Acks = Acks.All,
            Partitioner = Partitioner.Murmur2Random,
            // 0 is librdkafka's "never time out": with idempotence, retries continue until the brokers return.
            MessageTimeoutMs = options.DeliveryTimeout == Timeout.InfiniteTimeSpan ? 0 : (int)options.DeliveryTimeout.TotalMilliseconds,
            QueueBufferingMaxMessages = (2 * options.MaxBuffered) + 1000,
            LingerMs = 5,
            EnableDeliveryReports = true,
        };
        _producer = new ProducerBuilder<string, byte[]>(config)
            .SetErrorHandler((_, e) => SinkLog.ClientError(_logger, e.Code.ToString(), e.Reason))
            .SetLogHandler((_, m) => SinkLog.Librdkafka(_logger, m.Facility, m.Message))
            .Build();
    }

    /// <summary>The options the sink runs with.</summary>
    public KafkaSinkOptions Options => _options;

    /// <summary>Counters since start.</summary>
    public SinkStatistics Statistics => new(Interlocked.Read(ref _delivered), Interlocked.Read(ref _failed),
        Interlocked.Read(ref _buffered), Interlocked.Read(ref _deadLettersDropped));

    /// <summary>Raised (on librdkafka's thread) for every record the brokers did not take.</summary>
    public event EventHandler<DeliveryReport<string, byte[]>>? DeliveryFailed;

    /// <summary>Raised (on librdkafka's thread) with the topic of every record the brokers acknowledged.</summary>
    public event EventHandler<string>? Delivered;

    /// <summary>Queues the window's observation; waits while the buffer is full.</summary>
    public Task PublishObservationAsync(TrackedWindow tracked, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tracked);
        return PublishAsync(_options.ObservationsTopic, tracked.Verdict.Window.StoreId,
            DriftObservationSerializer.Serialize(tracked, _options.Instance), SchemaHeaders.For(EmbeddedSchemas.DriftObservation), cancellationToken);
    }

    /// <summary>Queues an alert transition; waits while the buffer is full.</summary>
    public Task PublishAlertAsync(DriftAlert alert, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return PublishAsync(_options.AlertsTopic, alert.StoreId,
            DriftAlertSerializer.Serialize(alert), SchemaHeaders.For(EmbeddedSchemas.DriftAlert), cancellationToken);
    }

    /// <summary>Publishes the observation and, when the window caused one, the alert transition.</summary>
    public async Task PublishAsync(TrackedWindow tracked, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tracked);
        await PublishObservationAsync(tracked, cancellationToken).ConfigureAwait(false);
        if (tracked.Alert is { } alert)
        {
            await PublishAlertAsync(alert, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until every buffered record is acknowledged or failed.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        while (Interlocked.Read(ref _buffered) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Flush blocks on librdkafka's queue; keep it short so cancellation is honoured promptly.
            await Task.Run(() => _producer.Flush(TimeSpan.FromMilliseconds(200)), cancellationToken).ConfigureAwait(false);
        }
    }

    internal async Task PublishAsync(string topic, string key, byte[] value, Headers headers, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _buffered);
        try
        {
            // A refused record was never queued, so trying again cannot duplicate it.
            while (!TryProduce(topic, key, value, headers))
            {
                await Task.Delay(QueueFullPause, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            Unbuffer();
            throw;
        }
    }

    /// <summary>Queues without waiting; false when the buffer is full.</summary>
    internal bool TryPublish(string topic, string key, byte[] value, Headers headers, string source)
    {
        var queued = false;
        if (Volatile.Read(ref _disposed) == 0 && _slots.Wait(0))
        {
            Interlocked.Increment(ref _buffered);
            try
            {
                queued = TryProduce(topic, key, value, headers);
            }
            finally
            {
                if (!queued)
                {
                    Unbuffer();
                }
            }
        }
        if (!queued)
        {
            Interlocked.Increment(ref _deadLettersDropped);
            SinkLog.DeadLetterDropped(_logger, source);
        }
        return queued;
    }

    // librdkafka still counts a record until its delivery-report event is released, shortly after our
    // callback freed the slot: its queue gets headroom for that, and a momentary QueueFull is waited out.
    private bool TryProduce(string topic, string key, byte[] value, Headers headers)
    {
        try
        {
            _producer.Produce(topic, new Message<string, byte[]> { Key = key, Value = value, Headers = headers }, OnDelivery);
            return true;
        }
        catch (ProduceException<string, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
        {
            return false;
        }
    }

    private void Unbuffer()
    {
        Interlocked.Decrement(ref _buffered);
        _slots.Release();
    }

    // Each record is produced once; librdkafka retries it. A failed report is final: re-producing it
    // could duplicate a record the broker did take, so it is counted and surfaced instead.
    private void OnDelivery(DeliveryReport<string, byte[]> report)
    {
        if (report.Error.IsError)
        {
            Interlocked.Increment(ref _failed);
            SinkLog.DeliveryFailed(_logger, report.Topic, report.Message.Key, report.Error.Reason);
            DeliveryFailed?.Invoke(this, report);
        }
        else
        {
            Interlocked.Increment(ref _delivered);
            Delivered?.Invoke(this, report.Topic);
        }
        Unbuffer();
    }

    /// <summary>Flushes for up to <see cref="KafkaSinkOptions.FlushTimeout"/>, then closes the producer.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        using (var timeout = new CancellationTokenSource(_options.FlushTimeout))
        {
            try
            {
                await FlushAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Whatever is still buffered is lost with the process; the failure counter cannot see it.
            }
        }
        _producer.Dispose();
        _slots.Dispose();
    }
}
