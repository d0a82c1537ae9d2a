using System.Globalization;
using System.Text.Json;
using StreamDrift.TestSupport;

namespace StreamDrift.Cli.Tests.EndToEnd;

public class KafkaDownAtStartTests
{
    [Fact]
    public async Task Run_WithKafkaUnreachableAtStart_StaysUpDegraded_SaysWhyInHealth_AndExits0OnSigterm()
    {
        await using var redis = await RedisServer.StartAsync();
        var nobody = FreePort.Next();
        var metricsPort = FreePort.Next();
        await using var run = StreamDriftProcess.Start(
        [
            "run", "--store", "s1", "--redis", redis.Endpoint, "--users", "sim",
            "--kafka", $"127.0.0.1:{nobody}", "--metrics-port", metricsPort.ToString(CultureInfo.InvariantCulture),
        ]);

        using var http = new HttpClient();
        JsonElement kafka = default;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var health = JsonDocument.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{metricsPort}/healthz")));
                kafka = health.RootElement.GetProperty("kafka").Clone();
                if (kafka.GetProperty("lastError").ValueKind == JsonValueKind.String)
                {
                    Assert.Equal("degraded", health.RootElement.GetProperty("status").GetString());
                    break;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(200);
        }
        await run.TerminateAsync();
        var exit = await run.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.False(kafka.GetProperty("reachable").GetBoolean());
        Assert.Contains("unreachable", exit.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(0, exit.ExitCode);
    }
}
