using System.Net;
using System.Text.Json;
using StreamDrift.Cli.Configuration;
using StreamDrift.Cli.Health;
using StreamDrift.Cli.Card;
using StreamDrift.Cli.Metrics;
using StreamDrift.Cli.Web;
using StreamDrift.TestSupport;

namespace StreamDrift.Cli.Tests.Metrics;

public class MetricsEndpointTests
{
    [Fact]
    public async Task Endpoint_ServesMetricsAndHealthOverRealHttp()
    {
        var metrics = new StreamDriftMetrics(new MetricsRegistry());
        var health = new HealthState(KafkaMode.Embedded, "127.0.0.1:39092", DateTimeOffset.UnixEpoch);
        var store = health.Store("eu");
        store.RedisReachable = true;
        store.Subscription = SubscriptionState.Subscribed;
        store.LastWindowEnd = new DateTimeOffset(2026, 11, 22, 12, 1, 0, TimeSpan.Zero);
        health.Kafka.Reachable = true;
        metrics.SessionKeys.WithLabels("eu").Set(1234);
        metrics.KeyspaceEvents.WithLabels("eu", "expired").Increment(7);
        var port = FreePort.Next();

        await using var endpoint = new WebEndpoint(metrics.Registry, health, new CardBoard([]), TimeProvider.System);
        await endpoint.StartAsync("127.0.0.1", port);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

        using var metricsResponse = await http.GetAsync(new Uri("metrics", UriKind.Relative));
        var text = await metricsResponse.Content.ReadAsStringAsync();
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", metricsResponse.Content.Headers.ContentType?.ToString());
        var samples = ParseSamples(text);
        Assert.Equal(1234, samples["streamdrift_session_keys{store=\"eu\"}"]);
        Assert.Equal(7, samples["streamdrift_keyspace_events_total{store=\"eu\",event=\"expired\"}"]);

        using var healthDoc = JsonDocument.Parse(await http.GetStringAsync(new Uri("healthz", UriKind.Relative)));
        var h = healthDoc.RootElement;
        Assert.Equal("ok", h.GetProperty("status").GetString());
        Assert.Equal("127.0.0.1:39092", h.GetProperty("kafka").GetProperty("bootstrap").GetString());
        Assert.Equal("embedded", h.GetProperty("kafka").GetProperty("mode").GetString());
        var s = Assert.Single(h.GetProperty("stores").EnumerateArray().ToList());
        Assert.Equal("eu", s.GetProperty("id").GetString());
        Assert.True(s.GetProperty("redisReachable").GetBoolean());
        Assert.Equal("subscribed", s.GetProperty("subscription").GetString());
        Assert.Equal(store.LastWindowEnd, s.GetProperty("lastWindowEnd").GetDateTimeOffset());

        using var missing = await http.GetAsync(new Uri("nothing", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Health_IsDegradedWhenRedisIsDown_ButStillAnswers200()
    {
        var health = new HealthState(KafkaMode.None, "", DateTimeOffset.UnixEpoch);
        var store = health.Store("eu");
        store.Subscription = SubscriptionState.Down;
        store.LastError = "connection refused";
        var port = FreePort.Next();
        await using var endpoint = new WebEndpoint(new MetricsRegistry(), health, new CardBoard([]), TimeProvider.System);
        await endpoint.StartAsync("127.0.0.1", port);
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"));
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("degraded", doc.RootElement.GetProperty("status").GetString());
        Assert.Equal("connection refused", doc.RootElement.GetProperty("stores")[0].GetProperty("lastError").GetString());
    }

    [Theory]
    [InlineData("It was not possible to connect to the redis server(s). Error connecting right now. To allow this multiplexer to continue retrying until it's able to connect, use abortConnect=false in your connection string or AbortOnConnectFail=false; in your code. ConnectTimeout 10.0.0.5:6379/Interactive", "timeout")]
    [InlineData("SocketFailure (ReadSocketError/ConnectionReset, last-recv: 7) on redis-prod-eu.internal:6380/Subscription, Idle/Faulted", "connection lost")]
    [InlineData("WRONGPASS invalid username-password pair or user is disabled.", "authentication failed")]
    [InlineData("Kafka at broker-1.internal:9092 is unreachable: Local: All broker connections are down", "unreachable")]
    [InlineData("something nobody foresaw at 10.1.2.3", "error (see the log)")]
    public void Health_NamesTheKindOfError_NeverTheClientLibrarysText(string error, string shown)
    {
        var health = new HealthState(KafkaMode.Brokers, "broker-1.internal:9092", DateTimeOffset.UnixEpoch);
        health.Store("eu").LastError = error;
        health.Kafka.LastError = error;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            health.WriteJson(writer, DateTimeOffset.UnixEpoch);
        }
        using var doc = JsonDocument.Parse(buffer.ToArray());

        Assert.Equal(shown, doc.RootElement.GetProperty("stores")[0].GetProperty("lastError").GetString());
        Assert.Equal(shown, doc.RootElement.GetProperty("kafka").GetProperty("lastError").GetString());
    }

    /// <summary>Sample lines of the text format: series (name and labels) to value; comments checked for shape.</summary>
    internal static Dictionary<string, double> ParseSamples(string text)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith('#'))
            {
                Assert.Matches("^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$", line);
                continue;
            }
            var space = line.LastIndexOf(' ');
            samples.Add(line[..space], double.Parse(line[(space + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        }
        return samples;
    }
}
