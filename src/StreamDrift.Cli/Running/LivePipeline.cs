using System.Collections.Concurrent;
using System.Reactive.Concurrency;
using Microsoft.Extensions.Logging;
using StreamDrift.Cli.Configuration;
using StreamDrift.Cli.Hosting;
using StreamDrift.Connectors.Json;
using StreamDrift.Core.Alerts;
using StreamDrift.Core.Output;
using StreamDrift.Core.Samples;
using StreamDrift.Kafka;
using StreamDrift.Kafka.Native;
using StreamDrift.Kafka.Sink;

namespace StreamDrift.Cli.Running;

/// <summary>
/// The full <c>streamdrift run</c> pipeline behind the host's seam: per store a Redis watcher, a users
/// source and a drift pipeline; shared by all stores the Kafka sink (or the embedded broker), the
/// JSON-lines sink, the dead-letter path and the metrics.
/// </summary>
internal sealed class LivePipeline : IDriftPipeline
{
    private readonly RunContext _context;
    private readonly IScheduler _scheduler;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, StoreRuntime> _stores = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _outputsGate = new(1, 1);
    private readonly PipelineTaps _taps;
    private EmbeddedKafka? _embedded;
    private KafkaDriftSink? _kafka;
    private WindowFanOut? _outputs;
    private IRejectedInputSink? _rejected;
    private string _bootstrap;

    public LivePipeline(RunContext context, IScheduler scheduler, PipelineTaps? taps = null)
    {
        _context = context;
        _scheduler = scheduler;
        _taps = taps ?? PipelineTaps.None;
        _logger = context.Loggers.CreateLogger<LivePipeline>();
        _bootstrap = context.Options.KafkaBootstrap;
    }

    /// <summary>The Kafka bootstrap servers records go to (the embedded broker's once it runs), or null without Kafka.</summary>
    public string? KafkaBootstrap => _context.Options.Kafka == KafkaMode.None ? null : _bootstrap;

    public Task StartStoreAsync(StoreOptions store, CancellationToken cancellationToken) => StartStoreAsync(store, null, cancellationToken);

    /// <summary>Starts a store whose samples the caller routes (<paramref name="users"/>), or that reads its own source (null).</summary>
    public async Task StartStoreAsync(StoreOptions store, IObservable<ActiveUsersSample>? users, CancellationToken cancellationToken)
    {
        await EnsureOutputsAsync(cancellationToken).ConfigureAwait(false);
        var runtime = await StoreRuntime.StartAsync(store, _context, _scheduler, _rejected!, _outputs!, _bootstrap, _taps, users, cancellationToken)
            .ConfigureAwait(false);
        if (!_stores.TryAdd(store.Id, runtime))
        {
            await runtime.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"store {store.Id} is running already");
        }
    }

    /// <summary>The dead-letter path, once the outputs run (scale-out rejects samples of stores it does not own here).</summary>
    public IRejectedInputSink? Rejected => _rejected;

    /// <summary>
    /// Stops one store. <paramref name="publish"/>: its begun windows are closed and posted, and the outputs
    /// drained and flushed before this returns (a handover); otherwise it stops at once and its open windows
    /// are dropped (another instance owns the store already).
    /// </summary>
    public async Task StopStoreAsync(string storeId, bool publish, CancellationToken cancellationToken)
    {
        if (!_stores.TryRemove(storeId, out var runtime))
        {
            return;
        }

        try
        {
            if (publish)
            {
                await runtime.StopAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await runtime.DisposeAsync().ConfigureAwait(false);
        }

        if (publish)
        {
            await DrainAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until every posted window is written by the outputs, then until Kafka acknowledged it.</summary>
    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        while (_outputs is { Pending: > 0 })
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), _context.Time, cancellationToken).ConfigureAwait(false);
        }

        if (_kafka is not null)
        {
            await _kafka.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Starts the outputs shared by every store, once.</summary>
    private async Task EnsureOutputsAsync(CancellationToken cancellationToken)
    {
        await _outputsGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_outputs is not null)
            {
                return;
            }
            var options = _context.Options;
            if (options.Kafka == KafkaMode.Embedded)
            {
                _embedded = EmbeddedKafka.Start();
                _bootstrap = _embedded.BootstrapServers;
                _context.Health.Kafka.Bootstrap = _bootstrap;
                RunningLog.EmbeddedKafkaStarted(_logger, _bootstrap);
                await Console.Out.WriteLineAsync($"streamdrift: embedded Kafka at {_bootstrap}").ConfigureAwait(false);
                foreach (var topic in new[] { options.Topics.Observations, options.Topics.Alerts, options.Topics.Rejected })
                {
                    _embedded.CreateTopic(topic);
                }
            }
            IRejectedInputSink deadLetters = _context.Reporter;
            if (options.Kafka == KafkaMode.Brokers)
            {
                var bootstrap = _bootstrap;
                await Task.Run(() => ProbeBrokers(bootstrap), cancellationToken).ConfigureAwait(false);
            }
            if (options.Kafka != KafkaMode.None)
            {
                _kafka = new KafkaDriftSink(
                    new KafkaSinkOptions
                    {
                        BootstrapServers = _bootstrap,
                        ObservationsTopic = options.Topics.Observations,
                        AlertsTopic = options.Topics.Alerts,
                        DeadLetterTopic = options.Topics.Rejected,
                        Instance = options.Instance,
                    },
                    _context.Time,
                    _context.Loggers.CreateLogger<KafkaDriftSink>());
                _kafka.Delivered += (_, topic) =>
                {
                    _context.Reporter.OnDelivered(topic);
                    _context.Health.Kafka.Reachable = true;
                };
                _kafka.DeliveryFailed += (_, report) =>
                {
                    _context.Reporter.OnDeliveryFailed(report.Topic);
                    _context.Health.Kafka.LastError = report.Error.Reason;
                };
                _context.Health.Kafka.Reachable = true;
                deadLetters = new FanOutRejectedSink(_context.Reporter, new KafkaDeadLetterSink(_kafka));
            }
            _rejected = new RateLimitedRejectionLog(deadLetters, _context.Loggers.CreateLogger<RateLimitedRejectionLog>(), _context.Time);
            _outputs = new WindowFanOut(Outputs(), OnOutputFailed);
        }
        finally
        {
            _outputsGate.Release();
        }
    }

    /// <summary>Where judged windows go: Kafka, the JSON-lines sink, the metrics, the alert log and the taps' outputs.</summary>
    private List<IWindowOutput> Outputs()
    {
        var outputs = new List<IWindowOutput>();
        if (_kafka is not null)
        {
            outputs.Add(new KafkaWindowOutput(_kafka));
        }
        if (_context.Sink is not null)
        {
            outputs.Add(_context.Sink);
        }
        var reporter = _context.Reporter;
        outputs.Add(new CallbackWindowOutput("metrics", w =>
        {
            reporter.OnVerdict(w.Verdict);
            reporter.OnTracked(w);
        }));
        outputs.Add(new CallbackWindowOutput("card", _context.Card.OnWindow));
        outputs.Add(new CallbackWindowOutput("alert-log", w =>
        {
            if (w.Alert is { } alert)
            {
                RunningLog.Alert(_logger, alert.StoreId, alert.Transition.ToString(), alert.AlertId, alert.Cause.ToString(), alert.Confidence, alert.Reading);
            }
        }));
        outputs.AddRange(_taps.Outputs);
        return outputs;
    }

    private void OnOutputFailed(IWindowOutput output, TrackedWindow? window, Exception error)
    {
        // One output failing must not stop the others or the processor; the failure is logged with the window.
        var reason = $"{output.Name}: {error.Message}";
        if (window is null)
        {
            RunningLog.OutputFlushFailed(_logger, reason);
        }
        else
        {
            RunningLog.OutputFailed(_logger, window.Verdict.Window.StoreId, window.Verdict.Window.End, reason);
        }
    }

    /// <summary>
    /// Asks the brokers for metadata before anything is produced: an unreachable Kafka at start fails this
    /// attempt (logged, shown in /healthz, retried with back-off by the host) instead of buffering blindly.
    /// </summary>
    private void ProbeBrokers(string bootstrap)
    {
        KafkaNativeLibrary.EnsureLoaded();
        try
        {
            using var admin = new Confluent.Kafka.AdminClientBuilder(new Confluent.Kafka.AdminClientConfig { BootstrapServers = bootstrap })
                .SetLogHandler((_, _) => { })
                .Build();
            admin.GetMetadata(TimeSpan.FromSeconds(5));
            _context.Health.Kafka.Reachable = true;
            _context.Health.Kafka.LastError = null;
        }
        catch (Confluent.Kafka.KafkaException e)
        {
            _context.Health.Kafka.Reachable = false;
            _context.Health.Kafka.LastError = e.Error.Reason;
            throw new InvalidOperationException($"Kafka at {bootstrap} is unreachable: {e.Error.Reason}", e);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var store in _stores.Values)
        {
            await store.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        if (_outputs is not null)
        {
            await _outputs.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var id in _stores.Keys)
        {
            if (_stores.TryRemove(id, out var store))
            {
                await store.DisposeAsync().ConfigureAwait(false);
            }
        }
        if (_outputs is not null)
        {
            await _outputs.DisposeAsync().ConfigureAwait(false);
        }
        if (_kafka is not null)
        {
            await _kafka.DisposeAsync().ConfigureAwait(false);
        }
        if (_embedded is not null)
        {
            await _embedded.DisposeAsync().ConfigureAwait(false);
        }
        _outputsGate.Dispose();
    }
}
