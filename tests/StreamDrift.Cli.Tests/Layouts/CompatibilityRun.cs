using System.Globalization;
using System.Text.RegularExpressions;
using StreamDrift.Core.Samples;
using StreamDrift.TestSupport;

namespace StreamDrift.Cli.Tests.Layouts;

/// <summary>
/// The built <c>streamdrift run</c> watching a real framework's sessions with a <c>--layout</c>: scheduled
/// reconciliation off (<c>--reconcile-every 24h</c>: only the start's seed scan), 1-second windows, a JSON-lines
/// sink, and an active-users file fed with the shoppers that hold a session (a connector's view of them).
/// </summary>
internal sealed partial class CompatibilityRun : IAsyncDisposable
{
    public const string StoreId = "compat";

    private readonly DirectoryInfo _dir;
    private readonly StreamDriftProcess _process;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _feeder;
    private long _activeUsers;

    private CompatibilityRun(DirectoryInfo dir, StreamDriftProcess process, int metricsPort, string usersPath)
    {
        _dir = dir;
        _process = process;
        MetricsUri = new Uri($"http://127.0.0.1:{metricsPort}/metrics");
        _feeder = Task.Run(() => FeedAsync(usersPath));
    }

    public Uri MetricsUri { get; }

    public string SinkPath => Path.Combine(_dir.FullName, "out.jsonl");

    public string Output => _process.StandardOutput + _process.StandardError;

    /// <summary>The shoppers currently holding a session, as the storefront's connector would report them.</summary>
    public long ActiveUsers
    {
        get => Interlocked.Read(ref _activeUsers);
        set => Interlocked.Exchange(ref _activeUsers, value);
    }

    public static async Task<CompatibilityRun> StartAsync(string redisEndpoint, string layout)
    {
        var dir = Directory.CreateTempSubdirectory("streamdrift-compat-");
        var usersPath = Path.Combine(dir.FullName, "users.jsonl");
        File.WriteAllText(usersPath, "");
        var metricsPort = FreePort.Next();
        var process = StreamDriftProcess.Start(
        [
            "run", "--store", StoreId, "--redis", redisEndpoint, "--layout", layout, "--session-ttl", "30m",
            "--users", "file:" + usersPath, "--kafka", "none", "--sink", "jsonl:" + Path.Combine(dir.FullName, "out.jsonl"),
            "--window", "1s", "--grace", "1s", "--reconcile-every", "24h",
            "--metrics-port", metricsPort.ToString(CultureInfo.InvariantCulture),
        ]);
        var run = new CompatibilityRun(dir, process, metricsPort, usersPath);
        // Probe /metrics only once the store runs: a connection racing HttpListener.Start crashes the managed
        // listener on Linux (ArgumentNullException in HttpEndPointListener.ProcessAccept), a runtime bug.
        await Eventually.Until(() => run.Output.Contains("watching", StringComparison.Ordinal), TimeSpan.FromSeconds(60), () => $"store not running: {run.Output}");
        await Eventually.Until(async () => await run.SessionKeysAsync() is not null, TimeSpan.FromSeconds(60), () => $"no metrics: {run.Output}");
        return run;
    }

    /// <summary>The live count on <c>/metrics</c> (<c>streamdrift_session_keys</c>), null while unavailable.</summary>
    public async Task<long?> SessionKeysAsync()
    {
        try
        {
            var text = await _http.GetStringAsync(MetricsUri);
            var match = SessionKeysLine().Match(text);
            return match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>The sink's lines so far.</summary>
    public List<string> SinkLines()
    {
        if (!File.Exists(SinkPath))
        {
            return [];
        }
        using var stream = new FileStream(SinkPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return [.. reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    /// <summary>Stops with SIGTERM and returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        await _stop.CancelAsync();
        await _feeder;
        await _process.TerminateAsync();
        return (await _process.WaitForExitAsync(TimeSpan.FromSeconds(30))).ExitCode;
    }

    // A sample every 200 ms: a connector's steady report of the shoppers it sees.
    private async Task FeedAsync(string path)
    {
        await using var users = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        try
        {
            while (true)
            {
                var sample = new ActiveUsersSample(StoreId, "compat-test", ActiveUsers, 300, DateTimeOffset.UtcNow);
                users.Write(ActiveUsersSampleJson.Serialize(sample));
                users.WriteByte((byte)'\n');
                await users.FlushAsync();
                await Task.Delay(TimeSpan.FromMilliseconds(200), _stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _feeder;
        }
        catch (OperationCanceledException)
        {
        }
        await _process.DisposeAsync();
        _http.Dispose();
        _stop.Dispose();
        _dir.Delete(recursive: true);
    }

    [GeneratedRegex(@"^streamdrift_session_keys\{store=""compat""\} (-?\d+)", RegexOptions.Multiline)]
    private static partial Regex SessionKeysLine();
}
