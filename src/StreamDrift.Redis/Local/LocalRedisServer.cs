using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace StreamDrift.Redis.Local;

/// <summary>
/// A private <c>redis-server</c> process on a free loopback port, in its own temporary directory (config file,
/// cluster or Sentinel state), with no persistence; killed and its directory removed on dispose. The one
/// launcher behind <c>streamdrift demo</c> and the tests' servers, clusters and sentinels.
/// </summary>
public sealed class LocalRedisServer : IAsyncDisposable
{
    // A free port can be taken between the probe and redis-server's bind: try a few.
    private const int Attempts = 3;

    private static readonly TimeSpan ReadyPoll = TimeSpan.FromMilliseconds(20);

    private readonly Process _process;

    private LocalRedisServer(Process process, int port, string directory)
    {
        _process = process;
        Port = port;
        Directory = directory;
    }

    public int Port { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>The server's working directory (its config file, <c>nodes.conf</c> in cluster mode).</summary>
    public string Directory { get; }

    public int ProcessId => _process.Id;

    /// <param name="options">Mode, config lines and arguments.</param>
    /// <param name="time">Clock of the readiness wait.</param>
    /// <param name="cancellationToken">Abandons the start (the process is killed).</param>
    public static async Task<LocalRedisServer> StartAsync(LocalRedisServerOptions options, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeLoopbackPort();
            var server = Launch(options, port);
            try
            {
                if (await server.WaitUntilReadyAsync(options.ReadyTimeout, time, cancellationToken).ConfigureAwait(false))
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
            if (attempt == Attempts)
            {
                throw new InvalidOperationException($"redis-server did not answer on 127.0.0.1:{port}");
            }
        }
    }

    /// <summary>A loopback TCP port nobody listens on right now (<see cref="LoopbackPorts.Free"/>).</summary>
    public static int FreeLoopbackPort() => LoopbackPorts.Free();

    private static LocalRedisServer Launch(LocalRedisServerOptions options, int port)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("streamdrift-redis-").FullName;
        var config = Path.Combine(directory, "redis.conf");
        File.WriteAllLines(config, [.. DefaultConfig(port, directory), .. NotificationConfig(options), .. options.ConfigLines]);
        var psi = new ProcessStartInfo("redis-server")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
        };
        psi.ArgumentList.Add(config);
        if (options.Sentinel)
        {
            psi.ArgumentList.Add("--sentinel");
        }
        foreach (var argument in options.Arguments)
        {
            psi.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException("redis-server did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            System.IO.Directory.Delete(directory, recursive: true);
            throw new InvalidOperationException("redis-server not found: install it (apt-get install redis-server; tools/test.sh does)", e);
        }
        // Drained so a chatty server never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new LocalRedisServer(process, port, directory);
    }

    private static string[] DefaultConfig(int port, string directory) =>
    [
        $"port {port.ToString(CultureInfo.InvariantCulture)}",
        "bind 127.0.0.1",
        "save \"\"",
        "appendonly no",
        "daemonize no",
        $"dir \"{directory}\"",
    ];

    private static string[] NotificationConfig(LocalRedisServerOptions options) =>
        options.KeyspaceNotifications ? [$"notify-keyspace-events {NotifyKeyspaceEvents.Required}"] : [];

    private async Task<bool> WaitUntilReadyAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (time.GetElapsedTime(started) < timeout)
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
                await Task.Delay(ReadyPoll, time, cancellationToken).ConfigureAwait(false);
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
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open: the temp directory is left for the OS to clean.
        }
    }
}
