using System.Collections.Concurrent;
using System.Net;
using System.Text;
using StreamDrift.TestSupport;

namespace StreamDrift.Connectors.Tests.Http;

/// <summary>
/// A real HTTP server on a free loopback port (HttpListener) that answers each GET with the next scripted
/// response and records the request headers it saw.
/// </summary>
internal sealed class LocalJsonEndpoint : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<Func<Task<(int Status, string Body)>>> _script = new();
    private readonly Task _loop;

    public LocalJsonEndpoint()
    {
        var port = FreePort.Next();
        Url = new Uri($"http://127.0.0.1:{port}/active-users");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri Url { get; }

    public ConcurrentQueue<string?> AuthHeaders { get; } = new();

    public void Then(int status, string body) => _script.Enqueue(() => Task.FromResult((status, body)));

    public void Then(Func<Task<(int Status, string Body)>> respond) => _script.Enqueue(respond);

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _ = _loop.Exception;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        AuthHeaders.Enqueue(context.Request.Headers["X-Api-Key"]);
        var (status, body) = _script.TryDequeue(out var next) ? await next().ConfigureAwait(false) : (404, "");
        try
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            var bytes = Encoding.UTF8.GetBytes(body);
            await context.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
            context.Response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
        {
            // the client gave up (timeout test) or the server is stopping
        }
    }
}
