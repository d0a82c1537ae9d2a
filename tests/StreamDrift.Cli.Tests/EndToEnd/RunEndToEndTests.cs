using System.Text.Json;
using Avro.Generic;
using StreamDrift.Core.Samples;
using StreamDrift.Kafka.Avro;
using StreamDrift.Storefront;
using StreamDrift.TestSupport;
using StreamDrift.TestSupport.Scenarios;

namespace StreamDrift.Cli.Tests.EndToEnd;

/// <summary>
/// The built executable, as an operator runs it: a real redis-server, a storefront writing sessions and a
/// connector file, <c>--kafka embedded</c> and <c>--sink jsonl:</c>. When the shared instance starts
/// evicting session keys, an alert naming the evictions comes out of both the sink and Kafka.
/// </summary>
public class RunEndToEndTests
{
    private static readonly TimeSpan StormAt = TimeSpan.FromSeconds(25);

    [Fact]
    public async Task Run_PublishesObservations_AndAnEvictionAlert_WhenSessionKeysAreEvicted_ThenExits0OnSigterm()
    {
        await using var redis = await RedisServer.StartAsync();
        using var mux = await redis.ConnectAsync();
        var dir = Directory.CreateTempSubdirectory("streamdrift-run-");
        var usersPath = Path.Combine(dir.FullName, "users.jsonl");
        var sinkPath = Path.Combine(dir.FullName, "out.jsonl");
        using var stopShop = new CancellationTokenSource();
        await using var users = new FileStream(usersPath, FileMode.Create, FileAccess.Write, FileShare.ReadWrite);
        void Report(ActiveUsersSample sample)
        {
            users.Write(ActiveUsersSampleJson.Serialize(sample));
            users.WriteByte((byte)'\n');
            users.Flush();
        }
        var shop = new StorefrontSimulator(mux, new StorefrontOptions
        {
            Faults = [new FaultWindow(Fault.EvictionStorm, StormAt)],
        }, Report, TimeProvider.System).RunAsync(TimeSpan.FromMinutes(3), stopShop.Token);

        var metricsPort = FreePort.Next();
        await using var run = StreamDriftProcess.Start(
        [
            "run", "--store", "demo-store", "--redis", redis.Endpoint, "--prefix", "sess:", "--session-ttl", "30s",
            "--users", "file:" + usersPath, "--kafka", "embedded", "--sink", "jsonl:" + sinkPath,
            "--window", "1s", "--grace", "2s", "--metrics-port", metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ]);

        var alert = await Eventually(() => SinkLines(sinkPath).FirstOrDefault(l => l.Contains("\"type\":\"alert\"", StringComparison.Ordinal)), TimeSpan.FromSeconds(120));
        var bootstrap = run.StandardOutput.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("streamdrift: embedded Kafka at ", StringComparison.Ordinal))[31..];
        // Any Kafka client reaches the embedded broker while the process lives: read the alert back, decoded
        // with the committed contract, keyed by store.
        var fromKafka = KafkaReader.Read(bootstrap, "streamdrift.alerts", expected: 1, TimeSpan.FromSeconds(30));
        using var http = new HttpClient();
        var health = await http.GetStringAsync(new Uri($"http://127.0.0.1:{metricsPort}/healthz"));
        var metrics = await http.GetStringAsync(new Uri($"http://127.0.0.1:{metricsPort}/metrics"));
        await run.TerminateAsync();
        var exit = await run.WaitForExitAsync(TimeSpan.FromSeconds(30));
        await stopShop.CancelAsync();
        await shop;

        Assert.Equal(0, exit.ExitCode);
        Assert.Contains(bootstrap, health, StringComparison.Ordinal);
        Assert.Contains("streamdrift_kafka_delivered_total{topic=\"streamdrift.observations\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("streamdrift_session_keys{store=\"demo-store\"}", metrics, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(alert!);
        Assert.Equal("OPENED", json.RootElement.GetProperty("transition").GetString());
        Assert.True(json.RootElement.GetProperty("cause").GetString() == "SESSIONS_EVICTED", Story(alert!, sinkPath, run.StandardError));
        var observations = SinkLines(sinkPath).Count(l => l.Contains("\"type\":\"observation\"", StringComparison.Ordinal));
        Assert.True(observations >= 20, $"{observations} observations");

        Assert.All(fromKafka, r => Assert.Equal("demo-store", r.Message.Key));
        var decoded = fromKafka.Select(r => SingleObjectEncoding.Decode(r.Message.Value, EmbeddedSchemas.DriftAlert)).ToList();
        var opened = Assert.Single(decoded, d => ((GenericEnum)d["transition"]).Value == "OPENED");
        Assert.Equal("SESSIONS_EVICTED", ((GenericEnum)opened["cause"]).Value);
        Assert.Equal(json.RootElement.GetProperty("alertId").GetString(), opened["alertId"]);
        dir.Delete(recursive: true);
    }

    // The first alert and every window in brief, for a failure message.
    private static string Story(string alert, string sinkPath, string warnings)
    {
        var (windows, _) = SinkFile.Read(sinkPath);
        var start = windows.Count > 0 ? windows[0].WindowStart : DateTimeOffset.UnixEpoch;
        return "[alert: " + alert + "] [windows: " + string.Join(" ", windows.Select(w => w.Brief(start))) + "] [warnings: " + warnings + "]";
    }

    private static List<string> SinkLines(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return [.. reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    private static async Task<T?> Eventually<T>(Func<T?> probe, TimeSpan timeout)
    {
        T? value = default;
        await StreamDrift.TestSupport.Eventually.Until(() => (value = probe()) is not null, timeout, $"no {typeof(T).Name} within {timeout}");
        return value;
    }
}
