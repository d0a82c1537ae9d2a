using System.Net;
using System.Text;
using System.Text.Json;
using StreamDrift.Cli.Health;

namespace StreamDrift.Cli.Metrics;

/// <summary>
/// Serves <c>/metrics</c> (Prometheus text) and <c>/healthz</c> (JSON) over plain HTTP. HttpListener
/// rather than Kestrel: two read-only pages do not justify the ASP.NET stack in a stream processor.
/// </summary>
internal sealed class MetricsEndpoint : IAsyncDisposable
{
    private readonly MetricsRegistry _registry;
    private readonly HealthState _health;
    private readonly TimeProvider _time;
    private readonly HttpListener _listener = new();
    private Task _loop = Task.CompletedTask;

    public MetricsEndpoint(MetricsRegistry registry, HealthState health, TimeProvider time)
    {
        _registry = registry;
        _health = health;
        _time = time;
    }

    /// <summary>Starts listening; throws <see cref="HttpListenerException"/> when the port is taken.</summary>
    public void Start(string bind, int port)
    {
        // HttpListener spells "every interface" as "+".
        var host = bind is "0.0.0.0" or "::" ? "+" : bind;
        _listener.Prefixes.Add($"http://{host}:{port}/");
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    private async Task AcceptLoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped
            }
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            var (status, contentType, body) = context.Request.Url?.AbsolutePath switch
            {
                "/metrics" => (200, PrometheusText.ContentType, Encoding.UTF8.GetBytes(_registry.Render())),
                "/healthz" => (200, "application/json; charset=utf-8", HealthJson()),
                _ => (404, "text/plain; charset=utf-8", "not found: try /metrics or /healthz\n"u8.ToArray()),
            };
            response.StatusCode = status;
            response.ContentType = contentType;
            response.ContentLength64 = body.Length;
            await response.OutputStream.WriteAsync(body).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The scraper went away mid-answer; nothing to tell it.
        }
        finally
        {
            response.Close();
        }
    }

    private byte[] HealthJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            _health.WriteJson(writer, _time.GetUtcNow());
        }
        return buffer.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        // Close alone, not Stop then Close: on Unix the managed listener's second call looks its port up
        // again and can fail with "address in use" once another process has taken the port.
        _listener.Close();
        await _loop.ConfigureAwait(false);
    }
}
