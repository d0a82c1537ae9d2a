using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StreamDrift.Cli.Configuration;
using StreamDrift.Cli.Health;

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
        _starting = Task.WhenAll(options.Stores.Select(store => StartStoreAsync(store, _stopping.Token)));
        return Task.CompletedTask;
    }

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
