using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using StreamDrift.Cli.Tests.Configuration;
using StreamDrift.TestSupport;

namespace StreamDrift.Cli.Tests.Hosting;

/// <summary>The built executable, run as an operator would.</summary>
public class ExecutableTests
{
    [Theory]
    [InlineData(new[] { "run", "--bogus" }, "streamdrift: unknown flag '--bogus' for run (see streamdrift run --help)")]
    [InlineData(new[] { "run", "--users", "sim", "--window", "0s" }, "streamdrift: invalid setting Stores:0:Window '0s': must be between 1s and 1h")]
    [InlineData(new[] { "run", "--users", "sim", "--db" }, "streamdrift: flag --db needs a value")]
    [InlineData(new[] { "frobnicate" }, "streamdrift: unknown command 'frobnicate'. usage: streamdrift <count|run|demo|replay> [options]   (streamdrift <command> --help)")]
    public async Task BadFlags_PrintOneLineAndExit2(string[] args, string expected)
    {
        var result = await StreamDriftExecutable.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(expected + Environment.NewLine, result.StandardError);
        Assert.Equal("", result.StandardOutput);
    }

    [Fact]
    public async Task BadConfigFileOrVariable_PrintOneLineAndExit2()
    {
        using var file = new ConfigFile("""{ "Stores": [ { "Id": "eu", "Users": "sim", "Grace": "1h" } ] }""");

        var fromFile = await StreamDriftExecutable.RunAsync(["run", "--config", file.Path]);
        var fromVariable = await StreamDriftExecutable.RunAsync(["run", "--users", "sim"], environment: new Dictionary<string, string> { ["STREAMDRIFT_STORES__0__DB"] = "x" });

        Assert.Equal(2, fromFile.ExitCode);
        Assert.Equal("streamdrift: invalid setting Stores:0:Grace '1h': must be between 0s and 10m" + Environment.NewLine, fromFile.StandardError);
        Assert.Equal(2, fromVariable.ExitCode);
        Assert.Equal("streamdrift: invalid setting Stores:0:Db 'x': must be an integer between 0 and 255" + Environment.NewLine, fromVariable.StandardError);
    }

    [Fact]
    public async Task RunHelp_ListsTheFlagsAndExits0()
    {
        var result = await StreamDriftExecutable.RunAsync(["run", "--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--reconcile-every", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_AnswersHealthzAndMetrics_AndExits0OnSigterm()
    {
        await using var redis = await RedisServer.StartAsync("--notify-keyspace-events", "KEA");
        var port = FreePort.Next();
        await using var run = StreamDriftProcess.Start(["run", "--store", "eu", "--users", "sim", "--kafka", "none", "--redis", redis.Endpoint, "--metrics-port", port.ToString(CultureInfo.InvariantCulture)]);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

        var health = await PollHealthAsync(http, run, h => h.GetProperty("status").GetString() == "ok");
        var store = health.GetProperty("stores")[0];
        Assert.Equal("eu", store.GetProperty("id").GetString());
        Assert.True(store.GetProperty("redisReachable").GetBoolean());
        Assert.Equal("subscribed", store.GetProperty("subscription").GetString());

        await using (var mux = await redis.ConnectAsync())
        {
            await mux.GetDatabase().StringSetAsync("sess:abc", "x", TimeSpan.FromMinutes(5));
        }
        await PollAsync(async () => (await http.GetStringAsync(new Uri("metrics", UriKind.Relative))).Contains("streamdrift_keyspace_events_total{store=\"eu\",event=\"set\"} 1\n", StringComparison.Ordinal), run);

        await run.TerminateAsync();
        var result = await run.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("stopped cleanly", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithRedisDownAtStart_StaysUpDegraded_ThenConnectsWhenRedisComes()
    {
        var redisPort = FreePort.Next();
        var metricsPort = FreePort.Next();
        await using var run = StreamDriftProcess.Start(["run", "--users", "sim", "--kafka", "none", "--redis", $"127.0.0.1:{redisPort}", "--metrics-port", metricsPort.ToString(CultureInfo.InvariantCulture), "--log-format", "json"]);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}/") };

        var degraded = await PollHealthAsync(http, run, h => h.GetProperty("status").GetString() == "degraded");
        Assert.False(degraded.GetProperty("stores")[0].GetProperty("redisReachable").GetBoolean());
        Assert.Equal("down", degraded.GetProperty("stores")[0].GetProperty("subscription").GetString());

        using var redis = StartRedisOn(redisPort);
        try
        {
            await PollHealthAsync(http, run, h => h.GetProperty("status").GetString() == "ok");
            Assert.Contains("retrying in", run.StandardOutput, StringComparison.Ordinal);

            await run.TerminateAsync();
            var result = await run.WaitForExitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, result.ExitCode);
            // Structured logging: one JSON object per line, the store id a field of its own.
            var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.All(lines, line => JsonDocument.Parse(line).Dispose());
            Assert.Contains(lines, l => l.Contains("\"StoreId\":\"default\"", StringComparison.Ordinal));
        }
        finally
        {
            redis.Kill();
            await redis.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Run_WithTheMetricsPortTaken_SaysSoAndExits1()
    {
        using var squatter = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Any, 0);
        squatter.Start();
        var port = ((System.Net.IPEndPoint)squatter.LocalEndpoint).Port;

        var result = await StreamDriftExecutable.RunAsync(["run", "--users", "sim", "--kafka", "none", "--redis", "127.0.0.1:1", "--metrics-port", port.ToString(CultureInfo.InvariantCulture)]);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"streamdrift: cannot serve metrics on port {port}: ", result.StandardError, StringComparison.Ordinal);
    }

    private static Process StartRedisOn(int port)
    {
        var psi = new ProcessStartInfo("redis-server") { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var arg in new[] { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
        {
            psi.ArgumentList.Add(arg);
        }
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        return process;
    }

    private static async Task<JsonElement> PollHealthAsync(HttpClient http, StreamDriftProcess run, Func<JsonElement, bool> condition)
    {
        JsonElement last = default;
        await PollAsync(async () =>
        {
            using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri("healthz", UriKind.Relative)));
            last = doc.RootElement.Clone();
            return condition(last);
        }, run);
        return last;
    }

    private static Task PollAsync(Func<Task<bool>> condition, StreamDriftProcess run) =>
        Eventually.Until(
            async () =>
            {
                Assert.False(run.HasExited, $"streamdrift exited early: {run.StandardError} {run.StandardOutput}");
                try
                {
                    return await condition();
                }
                catch (HttpRequestException)
                {
                    return false; // not listening yet
                }
            },
            TimeSpan.FromSeconds(45),
            () => $"condition not met in time; output: {run.StandardOutput} {run.StandardError}");
}
