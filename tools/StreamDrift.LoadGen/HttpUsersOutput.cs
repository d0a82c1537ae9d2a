using System.Net;
using StreamDrift.Core.Samples;

namespace StreamDrift.LoadGen;

/// <summary>
/// <c>--users-http PORT</c>: serves the latest sample as JSON on <c>http://127.0.0.1:PORT/</c> (any path), the
/// shape StreamDrift's HTTP poll source reads; 503 until the first report.
/// </summary>
internal sealed class HttpUsersOutput : IUsersOutput
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;
    private volatile byte[]? _latest;

    public HttpUsersOutput(int port)
    {
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _serving = ServeAsync();
    }

    public void Write(ActiveUsersSample sample) => _latest = SampleJson.Serialize(sample);

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return; // stopped
            }
            using var response = context.Response;
            if (_latest is not { } body)
            {
                response.StatusCode = (int)HttpStatusCode.ServiceUnavailable;
                continue;
            }
            response.ContentType = "application/json";
            response.ContentLength64 = body.Length;
            await response.OutputStream.WriteAsync(body).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _serving.ConfigureAwait(false);
        _listener.Close();
    }
}
