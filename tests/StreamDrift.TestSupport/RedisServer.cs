using System.Diagnostics;
using StackExchange.Redis;

namespace StreamDrift.TestSupport;

/// <summary>
/// A real redis-server on a free loopback port, owned by one test (or one class fixture) and killed on
/// dispose. No persistence, so tests leave nothing behind. Extra arguments are passed straight to
/// redis-server (e.g. "--maxmemory", "2mb").
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync(params string[] extraArgs)
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort.Next();
            var psi = new ProcessStartInfo("redis-server")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                         "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "no", "--loglevel", "warning" })
            {
                psi.ArgumentList.Add(arg);
            }
            foreach (var arg in extraArgs)
            {
                psi.ArgumentList.Add(arg);
            }

            var process = Process.Start(psi) ?? throw new InvalidOperationException("redis-server did not start");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var server = new RedisServer(process, port);
            if (await server.WaitUntilReadyAsync().ConfigureAwait(false))
            {
                return server;
            }
            await server.DisposeAsync().ConfigureAwait(false);
            if (attempt >= 3)
            {
                throw new InvalidOperationException($"redis-server did not answer on port {port}");
            }
        }
    }

    /// <summary>A fresh multiplexer to this server; the caller disposes it.</summary>
    public Task<ConnectionMultiplexer> ConnectAsync(bool allowAdmin = true) =>
        ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
        {
            EndPoints = { Endpoint },
            AllowAdmin = allowAdmin,
            AbortOnConnectFail = false,
            ConnectTimeout = 5000,
            SyncTimeout = 30000,
            AsyncTimeout = 30000,
        });

    private async Task<bool> WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                return false;
            }
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync("127.0.0.1", Port).ConfigureAwait(false);
                return true;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(20).ConfigureAwait(false);
            }
        }
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        _process.Dispose();
    }
}
