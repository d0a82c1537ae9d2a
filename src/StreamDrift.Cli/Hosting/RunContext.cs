using Microsoft.Extensions.Logging;
using StreamDrift.Cli.Card;
using StreamDrift.Cli.Configuration;
using StreamDrift.Cli.Health;
using StreamDrift.Cli.Metrics;
using StreamDrift.Cli.Recording;
using StreamDrift.Cli.Running;
using StreamDrift.Cli.Sinks;

namespace StreamDrift.Cli.Hosting;

/// <summary>
/// What the host hands an <see cref="IDriftPipeline"/>: the validated options, the clock, logging, the
/// metrics to update, the health to report, and the optional outputs (<c>--sink</c>, <c>--record</c>).
/// </summary>
internal sealed class RunContext : IAsyncDisposable
{
    private RunContext(StreamDriftOptions options, TimeProvider time, ILoggerFactory loggers, JsonLinesSink? sink, RecordingQueue? recorder)
    {
        Options = options;
        Time = time;
        Loggers = loggers;
        Metrics = new StreamDriftMetrics(new MetricsRegistry());
        Health = new HealthState(options.Kafka, options.KafkaBootstrap, time.GetUtcNow())
        {
            Group = options.Group is { } group ? new GroupHealth(group.Id, options.Instance) : null,
        };
        // In a group only the stores Kafka assigns are this instance's to list; otherwise all, from the first /healthz on.
        foreach (var store in options.Group is null ? options.Stores : [])
        {
            Health.Store(store.Id);
        }
        var bands = options.Stores.ToDictionary(s => s.Id, s => CardBand.From(StoreJudging.Detector(s.Sensitivity)), StringComparer.Ordinal);
        Reporter = new RunReporter(Metrics, Health, options.Stores.Select(s => s.Id), bands);
        Card = new CardBoard(options.Stores.Select(s => (s.Id, bands[s.Id])));
        Sink = sink;
        Recorder = recorder;
    }

    public StreamDriftOptions Options { get; }

    /// <summary>
    /// Set when a store's setting turned out unusable once its Redis answered (a DB index beyond the server's
    /// databases): the host stops and <c>run</c> exits 2 with this line.
    /// </summary>
    public string? SettingError { get; set; }

    public TimeProvider Time { get; }

    public ILoggerFactory Loggers { get; }

    public StreamDriftMetrics Metrics { get; }

    public HealthState Health { get; }

    /// <summary>
    /// Feed it every snapshot, users sample, verdict, rejection (it is an <c>IRejectedInputSink</c>) and
    /// delivery: it keeps the metrics and <c>/healthz</c> current.
    /// </summary>
    public RunReporter Reporter { get; }

    /// <summary>The judged stores' operator action behind <c>POST /stores/{id}/accept-level</c>.</summary>
    public LevelAcceptance Acceptance { get; } = new();

    /// <summary>What the card (<c>/</c> on the metrics port) shows: feed it snapshots, samples and judged windows.</summary>
    public CardBoard Card { get; }

    /// <summary><c>--sink jsonl:PATH</c>: write each observation and alert here as well, or null.</summary>
    public JsonLinesSink? Sink { get; }

    /// <summary><c>--record FILE.jsonl</c>: append every snapshot and users sample here, or null.</summary>
    public RecordingQueue? Recorder { get; }

    public static RunContext Create(StreamDriftOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        // The reorder horizon of the recording is the largest grace: a sample later than that was late live too.
        var horizon = options.Stores.Max(s => s.Grace);
        return new RunContext(
            options,
            time,
            loggers,
            options.SinkPath is { } sinkPath ? new JsonLinesSink(sinkPath) { Instance = options.Instance } : null,
            options.RecordPath is { } recordPath ? new RecordingQueue(new RecordingWriter(recordPath, horizon)) : null);
    }

    public async ValueTask DisposeAsync()
    {
        if (Recorder is not null)
        {
            await Recorder.DisposeAsync().ConfigureAwait(false);
        }
        if (Sink is not null)
        {
            await Sink.DisposeAsync().ConfigureAwait(false);
        }
    }
}
