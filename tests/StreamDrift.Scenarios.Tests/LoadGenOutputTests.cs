using System.Net;
using System.Text.Json;
using StreamDrift.Core.Samples;
using StreamDrift.Kafka.Avro;
using StreamDrift.LoadGen;
using StreamDrift.TestSupport;

namespace StreamDrift.Scenarios.Tests;

/// <summary>The load generator's user outputs speak the input contract StreamDrift's Kafka and HTTP sources read.</summary>
public class LoadGenOutputTests(EmbeddedKafkaFixture kafka) : IClassFixture<EmbeddedKafkaFixture>
{
    private static ActiveUsersSample Sample(long users) =>
        new("store-a", "simulator", users, 10, DateTimeOffset.UnixEpoch.AddDays(20_000), Orders: 3);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task KafkaOutput_ProducesSamplesKeyedByStore_InAvroOrJson(bool avro)
    {
        var topic = kafka.Topic("loadgen-users");
        await using (var output = KafkaUsersOutput.Parse($"{kafka.BootstrapServers}:{topic}", avro))
        {
            output.Write(Sample(41));
            output.Write(Sample(42));
        }

        var records = KafkaReader.Read(kafka.BootstrapServers, topic, expected: 2, TimeSpan.FromSeconds(30));

        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.Equal("store-a", r.Message.Key));
        var users = records.Select(r => avro
            ? ActiveUsersSampleSerializer.Deserialize(r.Message.Value).ActiveUsers
            : JsonDocument.Parse(r.Message.Value).RootElement.GetProperty("activeUsers").GetInt64()).Order();
        Assert.Equal([41L, 42L], users);
        if (avro)
        {
            // The whole record survives, not just the count.
            Assert.Contains(records, r => ActiveUsersSampleSerializer.Deserialize(r.Message.Value) == Sample(41));
        }
    }

    [Fact]
    public async Task HttpOutput_ServesTheLatestSampleAsJson()
    {
        var port = FreePort.Next();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        await using var output = new HttpUsersOutput(port);

        var before = await http.GetAsync(new Uri("users", UriKind.Relative));
        output.Write(Sample(41));
        output.Write(Sample(42));
        var body = await http.GetStringAsync(new Uri("users", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, before.StatusCode);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal(42, json.GetProperty("activeUsers").GetInt64());
        Assert.Equal("store-a", json.GetProperty("storeId").GetString());
        Assert.Equal(10, json.GetProperty("activeWindowSeconds").GetInt32());
    }
}
