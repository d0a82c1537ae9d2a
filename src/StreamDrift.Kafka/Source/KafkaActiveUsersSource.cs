using System.Reactive.Disposables;
using Confluent.Kafka;
using StreamDrift.Core.Samples;
using StreamDrift.Kafka.Native;

namespace StreamDrift.Kafka.Source;

/// <summary>
/// Active-user samples from a Kafka topic, in Avro single-object encoding or JSON. Each subscription
/// runs its own consumer (in the configured group) on a dedicated thread; disposing the subscription
/// leaves the group. Offsets are stored only after <c>OnNext</c> returns, so a crash re-reads rather
/// than skips. Undecodable records go to the <see cref="IRejectedInputSink"/> and the stream goes on.
/// </summary>
public sealed class KafkaActiveUsersSource : IObservable<ActiveUsersSample>
{
    private readonly KafkaSourceOptions _options;
    private readonly IRejectedInputSink _rejected;
    private readonly TimeProvider _time;

    /// <summary>Creates the source; throws <see cref="ArgumentException"/> when an option is invalid.</summary>
    public KafkaActiveUsersSource(KafkaSourceOptions options, IRejectedInputSink rejected, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rejected);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        _options = options;
        _rejected = rejected;
        _time = time;
    }

    /// <summary>The name this source gives in rejected input: <c>kafka:&lt;topic&gt;</c>.</summary>
    public string SourceName => "kafka:" + _options.Topic;

    public IDisposable Subscribe(IObserver<ActiveUsersSample> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        KafkaNativeLibrary.EnsureLoaded();
        var cts = new CancellationTokenSource();
        var thread = new Thread(() => Run(observer, cts.Token)) { IsBackground = true, Name = SourceName };
        thread.Start();
        return Disposable.Create(() =>
        {
            cts.Cancel();
            thread.Join();
            cts.Dispose();
        });
    }

    private void Run(IObserver<ActiveUsersSample> observer, CancellationToken cancellationToken)
    {
        try
        {
            using var consumer = new ConsumerBuilder<string?, byte[]>(new ConsumerConfig
            {
                BootstrapServers = _options.BootstrapServers,
                GroupId = _options.GroupId,
                AutoOffsetReset = _options.FromEarliest ? AutoOffsetReset.Earliest : AutoOffsetReset.Latest,
                EnableAutoOffsetStore = false,
            }).SetLogHandler((_, _) => { }).Build();
            consumer.Subscribe(_options.Topic);
            while (!cancellationToken.IsCancellationRequested)
            {
                var result = consumer.Consume(TimeSpan.FromMilliseconds(250));
                if (result?.Message is null)
                {
                    continue;
                }
                Deliver(observer, result.Message);
                consumer.StoreOffset(result);
            }
            // Ended by disposing the subscription: the observer has unsubscribed, so it hears nothing more.
            consumer.Close();
        }
        catch (KafkaException ex)
        {
            // On a dedicated thread an escaping exception would end the process: hand it to the pipeline.
            observer.OnError(ex);
        }
    }

    private void Deliver(IObserver<ActiveUsersSample> observer, Message<string?, byte[]> message)
    {
        var payload = message.Value ?? [];
        var (sample, reason, detail) = ActiveUsersPayloadDecoder.Decode(payload);
        if (sample is null)
        {
            _rejected.Reject(new RejectedInput(SourceName, reason, detail, payload, _time.GetUtcNow(), message.Key));
            return;
        }
        observer.OnNext(sample);
    }
}
