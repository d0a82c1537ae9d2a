using System.Globalization;
using StreamDrift.Core.Samples;
using StreamDrift.TestSupport;

namespace StreamDrift.Web.Tests;

/// <summary>
/// <c>streamdrift run</c> on a store that does not move: a real redis-server holding a fixed number of session
/// keys (no TTL, no writes) and a connector reporting the same users every 200 ms. Its headline is the same
/// every second, so the page and <c>/metrics</c> can be compared at any moment.
/// </summary>
public sealed class QuietStore : IAsyncLifetime
{
    public const int Keys = 1234;
    public const int Users = 1111;
    public const int Orders = 9;

    private readonly CancellationTokenSource _stop = new();
    private RedisServer? _redis;
    private StreamDriftProcess? _run;
    private Task _connector = Task.CompletedTask;
    private string _work = "";

    public int Port { get; private set; }

    public Uri Root => new($"http://127.0.0.1:{Port}/");

    public StreamDriftProcess Run => _run!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        var mux = await _redis.ConnectAsync();
        await using (mux)
        {
            var db = mux.GetDatabase();
            var batch = new List<Task>();
            for (var i = 0; i < Keys; i++)
            {
                batch.Add(db.StringSetAsync($"sess:{i}", "x"));
                batch.Add(db.StringSetAsync($"page:{i}", "cached"));
            }
            await Task.WhenAll(batch);
        }
        _work = Directory.CreateTempSubdirectory("streamdrift-card-").FullName;
        var users = Path.Combine(_work, "users.jsonl");
        await File.WriteAllTextAsync(users, "");
        _connector = Task.Run(() => ReportAsync(users, _stop.Token));
        Port = FreePort.Next();
        _run = StreamDriftProcess.Start(
        [
            "run", "--store", "eu", "--redis", _redis.Endpoint, "--prefix", "sess:", "--users", $"file:{users}",
            "--kafka", "embedded", "--window", "1s", "--grace", "1s", "--stale-after", "10s",
            "--metrics-port", Port.ToString(CultureInfo.InvariantCulture),
        ]);
    }

    private static async Task ReportAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        while (!cancellationToken.IsCancellationRequested)
        {
            file.Write(ActiveUsersSampleJson.Serialize(new ActiveUsersSample("eu", "test", Users, 300, TimeProvider.System.GetUtcNow(), Orders)));
            file.WriteByte((byte)'\n');
            await file.FlushAsync(CancellationToken.None);
            try
            {
                await Task.Delay(200, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>GET a path of the run's port, or null while it does not answer.</summary>
    public async Task<string?> GetAsync(string path)
    {
        try
        {
            using var http = new HttpClient();
            return await http.GetStringAsync(new Uri(Root, path));
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _connector;
        if (_run is not null)
        {
            await _run.DisposeAsync();
        }
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
        Directory.Delete(_work, recursive: true);
        _stop.Dispose();
    }
}
