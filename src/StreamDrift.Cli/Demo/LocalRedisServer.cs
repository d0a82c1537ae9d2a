using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace StreamDrift.Cli.Demo;

/// <summary>
/// A private <c>redis-server</c> for <c>demo</c>: free loopback port, no persistence, keyspace notifications
/// on, killed on dispose (the demo must leave no process behind, even when interrupted).
/// </summary>
internal sealed class LocalRedisServer : IAsyncDisposable
{
    /// <summary>Keyspace channel plus every event class StreamDrift counts (see DESIGN, counting rules).</summary>
    public const string NotificationFlags = "Kgxen$h";

    private readonly Process _process;

    private LocalRedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    /// <param name="time">Clock of the readiness wait.</param>
    /// <param name="extraArgs">Passed to redis-server after the defaults (e.g. <c>--maxmemory 8mb</c>).</param>
    /// <param name="cancellationToken">Abandons the start (the process is killed).</param>
    public static async Task<LocalRedisServer> StartAsync(TimeProvider time, IReadOnlyList<string> extraArgs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(extraArgs);
        // A free port can be taken between the probe and redis-server's bind: try a few.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeLoopbackPort();
            var psi = new ProcessStartInfo("redis-server") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in (string[])["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                         "--daemonize", "no", "--protected-mode", "yes", "--notify-keyspace-events", NotificationFlags])
            {
                psi.ArgumentList.Add(arg);
            }
            foreach (var arg in extraArgs)
            {
                psi.ArgumentList.Add(arg);
            }
            Process process;
            try
            {
                process = Process.Start(psi) ?? throw new InvalidOperationException("redis-server did not start");
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new InvalidOperationException("redis-server not found: install it (apt-get install redis-server; tools/test.sh does)", e);
            }
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var server = new LocalRedisServer(process, port);
            try
            {
                if (await server.WaitUntilReadyAsync(time, cancellationToken).ConfigureAwait(false))
                {
                    return server;
                }
            }
            catch
            {
                await server.DisposeAsync().ConfigureAwait(false);
                throw;
            }
            await server.DisposeAsync().ConfigureAwait(false);
            if (attempt == 3)
            {
                throw new InvalidOperationException($"redis-server did not answer on 127.0.0.1:{port}");
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<bool> WaitUntilReadyAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow().AddSeconds(10);
        while (time.GetUtcNow() < deadline)
        {
            if (_process.HasExited)
            {
                return false;
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), time, cancellationToken).ConfigureAwait(false);
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
