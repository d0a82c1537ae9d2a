using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace StreamDrift.TestSupport;

/// <summary>
/// A running <c>streamdrift</c> (e.g. <c>run</c>): its output collected as it comes, signals sent as an
/// operator's shell would (<c>kill -TERM</c>), and killed on dispose if still running.
/// </summary>
public sealed class StreamDriftProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _lock = new();

    private StreamDriftProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string StandardOutput
    {
        get
        {
            lock (_lock)
            {
                return _stdout.ToString();
            }
        }
    }

    public string StandardError
    {
        get
        {
            lock (_lock)
            {
                return _stderr.ToString();
            }
        }
    }

    public static StreamDriftProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null) =>
        new(Process.Start(StreamDriftExecutable.StartInfo(args, environment)) ?? throw new InvalidOperationException("dotnet did not start"));

    /// <summary>SIGTERM, as docker stop or systemd would send it.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync().ConfigureAwait(false);
    }

    /// <summary>SIGKILL: the process dies without a word to Kafka or Redis (a crash, an OOM kill).</summary>
    public async Task KillAsync()
    {
        using var kill = Process.Start("kill", ["-KILL", Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync().ConfigureAwait(false);
        await _process.WaitForExitAsync().ConfigureAwait(false);
    }

    public async Task<ProcessResult> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"streamdrift did not exit within {timeout}; stderr: {StandardError}; stdout: {StandardOutput}");
        }
        _process.WaitForExit(); // drains the asynchronous output readers
        return new ProcessResult(_process.ExitCode, StandardOutput, StandardError);
    }

    private void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_lock)
        {
            target.AppendLine(line);
        }
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
