using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StreamDrift.Cli.Configuration;
using StreamDrift.Cli.Health;
using StreamDrift.Cli.Running;
using StreamDrift.Kafka.Group;

namespace StreamDrift.Cli.Hosting;

/// <summary>
/// Runs the <see cref="IDriftPipeline"/> inside the Generic Host. Start returns at once (so <c>/healthz</c>
/// answers while dependencies are still down) and starts each store with back-off in the background;
/// stop (SIGTERM, Ctrl+C) cancels pending retries, lets the pipeline close its windows and flush, then
/// flushes and closes the sink and the recording.
/// </summary>
internal sealed class PipelineService : IHostedService
{
    private readonly IDriftPipeline _pipeline;
    private readonly RunContext _context;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly IHostApplicationLifetime? _lifetime;
    private Task _starting = Task.CompletedTask;
    private StoreGroupConsumer? _group;

    /// <param name="pipeline">What runs.</param>
    /// <param name="context">Options, health, outputs.</param>
    /// <param name="logger">The log.</param>
    /// <param name="lifetime">Stopped when a store turns out to be misconfigured (null in tests without a host).</param>
    public PipelineService(IDriftPipeline pipeline, RunContext context, ILogger<PipelineService> logger, IHostApplicationLifetime? lifetime = null)
    {
        _lifetime = lifetime;
        _pipeline = pipeline;
        _context = context;
        _logger = logger;
    }

    /// <summary>The back-off between start attempts of a store; tests shorten it.</summary>
    public BackoffPolicy Backoff { get; init; } = new();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var options = _context.Options;
        HostLog.Starting(_logger, options.Stores.Count, options.Kafka.ToString().ToLowerInvariant(), options.KafkaBootstrap,
            options.MetricsPort == 0 ? "(off)" : $"http://{options.MetricsBind}:{options.MetricsPort}/metrics");
        if (options.Group is { } group && _pipeline is LivePipeline live)
        {
            // Scale-out: Kafka's assignment decides which stores run here; the group member starts and stops them.
            _group = new StoreGroupConsumer(
                new StoreGroupOptions
                {
                    BootstrapServers = options.KafkaBootstrap,
                    Topic = group.Topic,
                    GroupId = group.Id,
                    SessionTimeout = group.SessionTimeout,
                    RebalanceTimeout = HandoverTimeout,
                },
                new StoreOwnership(live, _context, HandoverTimeout, Backoff),
                _context.Loggers.CreateLogger<StoreGroupConsumer>(),
                generation => _context.Metrics.GroupGeneration.WithLabels().Set(_context.Health.Group!.Generation = generation))
            {
                JoinStateChanged = state => _context.Health.Group!.JoinState = state,
            };
            _group.Start();
            return Task.CompletedTask;
        }

        _starting = Task.WhenAll(options.Stores.Select(store => StartStoreAsync(store, _stopping.Token)));
        return Task.CompletedTask;
    }

    /// <summary>Longest a revoked store may take to close, flush and stop (the rebalance waits for it).</summary>
    public TimeSpan HandoverTimeout { get; init; } = TimeSpan.FromSeconds(20);

    private async Task StartStoreAsync(StoreOptions store, CancellationToken cancellationToken)
    {
        var health = _context.Health.Store(store.Id);
        try
        {
            var failures = await Hosting.Backoff.RetryAsync(
                token => _pipeline.StartStoreAsync(store, token),
                Backoff,
                (count, error, delay) =>
                {
                    health.RedisReachable = false;
                    health.Subscription = SubscriptionState.Down;
                    health.LastError = error.Message;
                    HostLog.StoreStartFailed(_logger, store.Id, error.Message, count, (long)delay.TotalMilliseconds);
                },
                _context.Time,
                Random.Shared,
                cancellationToken).ConfigureAwait(false);
            health.LastError = null; // the pipeline reports reachability and subscription itself from here on
            HostLog.StoreStarted(_logger, store.Id, failures);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown while still retrying: nothing started, nothing to undo.
        }
        catch (UsageException e)
        {
            // A setting only Redis could judge (a DB index beyond its databases): the run stops, exit 2.
            _context.SettingError ??= e.Message;
            health.LastError = e.Message;
            _lifetime?.StopApplication();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        HostLog.Stopping(_logger);
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _starting.ConfigureAwait(false);
        if (_group is not null)
        {
            // Leaving the group revokes every owned store: each closes its windows and flushes before we go on.
            await _group.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            await _pipeline.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await _pipeline.DisposeAsync().ConfigureAwait(false);
            await _context.DisposeAsync().ConfigureAwait(false);
            _stopping.Dispose();
        }
        HostLog.Stopped(_logger);
    }
}
