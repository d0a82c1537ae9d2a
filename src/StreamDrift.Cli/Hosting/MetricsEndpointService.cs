using Microsoft.Extensions.Hosting;
using StreamDrift.Cli.Web;

namespace StreamDrift.Cli.Hosting;

/// <summary>
/// The card, <c>/metrics</c> and <c>/healthz</c> for the host's lifetime. Started before the pipeline so that
/// health is visible while dependencies are still being reached; a port already in use fails the start.
/// </summary>
internal sealed class MetricsEndpointService(RunContext context) : IHostedService, IAsyncDisposable
{
    private WebEndpoint? _endpoint;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (context.Options.MetricsPort == 0)
        {
            return;
        }
        _endpoint = new WebEndpoint(context.Metrics.Registry, context.Health, context.Card, context.Time, context.Acceptance);
        await _endpoint.StartAsync(context.Options.MetricsBind, context.Options.MetricsPort, cancellationToken).ConfigureAwait(false);
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
