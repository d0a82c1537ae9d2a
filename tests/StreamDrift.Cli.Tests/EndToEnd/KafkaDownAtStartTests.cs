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
        string? status = null;
        // The test is about this health: it must be seen (Eventually fails at its deadline), not merely looked for.
        await Eventually.Until(
            async () =>
            {
                try
                {
                    using var health = JsonDocument.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{metricsPort}/healthz")));
                    kafka = health.RootElement.GetProperty("kafka").Clone();
                    status = health.RootElement.GetProperty("status").GetString();
                    return kafka.GetProperty("lastError").ValueKind == JsonValueKind.String;
                }
                catch (HttpRequestException)
                {
                    return false; // not listening yet
                }
            },
            TimeSpan.FromSeconds(60),
            () => $"health never named Kafka's error; last kafka health: {kafka}; stderr: {run.StandardError}");
        Assert.Equal("degraded", status);
        await run.TerminateAsync();
        var exit = await run.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.False(kafka.GetProperty("reachable").GetBoolean());
        Assert.Contains("unreachable", exit.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(0, exit.ExitCode);
    }
}
