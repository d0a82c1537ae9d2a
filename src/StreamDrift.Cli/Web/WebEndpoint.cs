using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using StreamDrift.Cli.Card;
using StreamDrift.Cli.Health;
using StreamDrift.Cli.Metrics;
using StreamDrift.Cli.Running;

namespace StreamDrift.Cli.Web;

/// <summary>
/// The process' HTTP port: the card (<c>/</c>, its script and style, <c>/card.json</c>, <c>/events</c>),
/// <c>/metrics</c> (Prometheus text), <c>/healthz</c> (JSON) and the operator's
/// <c>POST /stores/{id}/accept-level</c> (<see cref="AcceptLevelRoute"/>).
/// Kestrel rather than HttpListener (which served the first two pages): on Linux HttpListener cannot time
/// out a client that connects and never finishes its request, nor cap connections, so 200 half-sent
/// requests were held for good. Kestrel does both (<see cref="WebLimits"/>) and serves the card's
/// long-lived event streams; only its core is used (no MVC, no routing, no static-file middleware).
/// </summary>
internal sealed class WebEndpoint : IAsyncDisposable
{
    private readonly MetricsRegistry _registry;
    private readonly HealthState _health;
    private readonly CardBoard _board;
    private readonly TimeProvider _time;
    private readonly CardEventStreams _streams;
    private readonly LevelAcceptance? _acceptance;
    private WebApplication? _app;

    // acceptance: the judged stores' accept-level action; null where nothing is judged (every such POST is 404).
    public WebEndpoint(MetricsRegistry registry, HealthState health, CardBoard board, TimeProvider time, LevelAcceptance? acceptance = null)
    {
        _registry = registry;
        _health = health;
        _board = board;
        _time = time;
        _acceptance = acceptance;
        _streams = new CardEventStreams(board, time);
    }

    /// <summary>The port actually bound (the one asked for, or the one the system chose for port 0).</summary>
    public int Port { get; private set; }

    /// <summary>Starts listening; throws <see cref="IOException"/> when the address or port cannot be bound.</summary>
    public async Task StartAsync(string bind, int port, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            WebLimits.ApplyTo(kestrel.Limits);
            if (bind == "localhost")
            {
                kestrel.ListenLocalhost(port);
            }
            else
            {
                kestrel.Listen(IPAddress.Parse(bind), port);
            }
        });
        var app = builder.Build();
        app.Run(AnswerAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Port = new Uri(address).Port;
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var response = context.Response;
        response.Headers.CacheControl = "no-store";
        if (AcceptLevelRoute.StoreOf(context.Request.Path.Value) is { } storeId)
        {
            await AcceptLevelRoute.AnswerAsync(context, storeId, _acceptance).ConfigureAwait(false);
            return;
        }

        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }
        switch (context.Request.Path.Value)
        {
            case "/metrics":
                await SendAsync(context, PrometheusText.ContentType, Encoding.UTF8.GetBytes(_registry.Render())).ConfigureAwait(false);
                break;
            case "/healthz":
                await SendAsync(context, "application/json; charset=utf-8", Json(w => _health.WriteJson(w, _time.GetUtcNow()))).ConfigureAwait(false);
                break;
            case "/card.json":
                await SendAsync(context, "application/json; charset=utf-8", Json(w => CardJson.Write(w, _board, _time.GetUtcNow()))).ConfigureAwait(false);
                break;
            case "/events":
                await _streams.ServeAsync(context).ConfigureAwait(false);
                break;
            default:
                if (CardAssets.Find(context.Request.Path.Value) is { } asset)
                {
                    // The page may load nothing from anywhere but here: the browser enforces what the tests check.
                    response.Headers.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";
                    response.Headers.XContentTypeOptions = "nosniff";
                    await SendAsync(context, asset.ContentType, asset.Bytes).ConfigureAwait(false);
                }
                else
                {
                    response.StatusCode = StatusCodes.Status404NotFound;
                    await SendAsync(context, "text/plain; charset=utf-8", "not found: try /, /metrics or /healthz\n"u8.ToArray()).ConfigureAwait(false);
                }
                break;
        }
    }

    internal static async Task SendAsync(HttpContext context, string contentType, byte[] body)
    {
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }
        try
        {
            await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away mid-answer; nothing to tell it.
        }
    }

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }
        return buffer.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is null)
        {
            return;
        }
        _streams.Close();
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _app = null;
    }
}
