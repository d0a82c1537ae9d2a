using System.Net.Sockets;
using System.Text;

namespace StreamDrift.Cli.Tests.Web;

/// <summary>A client that connects, sends the start of a request and never finishes it (slowloris).</summary>
internal sealed class HalfSentRequest : IAsyncDisposable
{
    private readonly TcpClient _client = new();
    private Task<bool>? _closed;

    public static async Task<HalfSentRequest> OpenAsync(int port)
    {
        var request = new HalfSentRequest();
        await request._client.ConnectAsync("127.0.0.1", port);
        var stream = request._client.GetStream();
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "));
        }
        catch (IOException)
        {
            // Refused at once (over the connection cap): that is closed as well.
        }
        request._closed = ReadUntilClosedAsync(stream);
        return request;
    }

    /// <summary>True once the server has closed the connection (it may answer 408 first).</summary>
    public bool Closed => _closed!.IsCompleted;

    private static async Task<bool> ReadUntilClosedAsync(NetworkStream stream)
    {
        var buffer = new byte[1024];
        try
        {
            while (await stream.ReadAsync(buffer) > 0)
            {
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // reset by the server: closed
        }
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        if (_closed is not null)
        {
            await _closed;
        }
    }
}
