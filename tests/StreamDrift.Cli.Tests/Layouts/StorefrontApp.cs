using System.Diagnostics;
using System.Text;

namespace StreamDrift.Cli.Tests.Layouts;

/// <summary>
/// A real storefront process from <c>tests/compat/</c> (node with express-session, or <c>php -S</c> with the phpredis
/// handler), its output collected; killed on dispose. The app says it is ready by accepting a TCP connection.
/// </summary>
internal sealed class StorefrontApp : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _lock = new();

    private StorefrontApp(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public string Output
    {
        get
        {
            lock (_lock)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The directory of one compat app (<c>tests/compat/NAME</c>) in this checkout.</summary>
    public static string Directory(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "compat", name);
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException($"no tests/compat/{name} above {AppContext.BaseDirectory}");
    }

    /// <summary>Starts <paramref name="file"/> with <paramref name="args"/> and waits until <paramref name="port"/> accepts.</summary>
    public static async Task<StorefrontApp> StartAsync(
        string file, IEnumerable<string> args, string workingDirectory, int port, IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[name] = value;
        }
        var app = new StorefrontApp(Process.Start(psi) ?? throw new InvalidOperationException($"{file} did not start"))
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}/"),
        };
        await StreamDrift.TestSupport.Eventually.Until(async () =>
        {
            using var client = new System.Net.Sockets.TcpClient();
            try
            {
                await client.ConnectAsync("127.0.0.1", port);
                return true;
            }
            catch (System.Net.Sockets.SocketException) when (!app._process.HasExited)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), () => $"{file} did not listen on {port}: {app.Output}");
        return app;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_lock)
        {
            _output.AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
