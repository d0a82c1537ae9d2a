using Microsoft.Extensions.Hosting;
using StreamDrift.Cli.Metrics;

namespace StreamDrift.Cli.Hosting;

/// <summary>
/// <c>/metrics</c> and <c>/healthz</c> for the host's lifetime. Started before the pipeline so that health
/// is visible while dependencies are still being reached; a port already in use fails the start.
/// </summary>
internal sealed class MetricsEndpointService(RunContext context) : IHostedService, IAsyncDisposable
{
    private MetricsEndpoint? _endpoint;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (context.Options.MetricsPort == 0)
        {
            return Task.CompletedTask;
        }
        _endpoint = new MetricsEndpoint(context.Metrics.Registry, context.Health, context.Time);
        _endpoint.Start(context.Options.MetricsBind, context.Options.MetricsPort);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        if (_endpoint is not null)
        {
            await _endpoint.DisposeAsync().ConfigureAwait(false);
            _endpoint = null;
        }
    }
}
