using System.Globalization;
using StreamDrift.TestSupport;

namespace StreamDrift.Cli.Tests.EndToEnd;

/// <summary>
/// Issue 16, finding 8: a DB index within the configuration's limits but beyond the server's <c>databases</c>
/// (16 here) is a setting error. <c>count</c> aborted with a stack trace; <c>run</c> reported ok with 0 keys and
/// logged a stack trace every second. Both must stop with one line naming the setting and exit 2.
/// </summary>
public class DatabaseBeyondServerTests
{
    [Fact]
    public async Task Count_WithADbBeyondTheServers_PrintsOneLineAndExits2()
    {
        await using var redis = await RedisServer.StartAsync();

        var result = await StreamDriftExecutable.RunAsync(["count", "--redis", redis.Endpoint, "--db", "100", "--prefix", "sess:"]);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--db 100", line, StringComparison.Ordinal);
        Assert.Contains("16 databases", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithADbBeyondTheServers_StopsWithOneLineNamingTheSettingAndExits2()
    {
        await using var redis = await RedisServer.StartAsync();

        var result = await StreamDriftExecutable.RunAsync(
            ["run", "--users", "sim", "--kafka", "none", "--metrics-port", "0", "--redis", redis.Endpoint, "--db", "200"],
            TimeSpan.FromSeconds(90));

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("streamdrift: invalid setting Stores:0:Db '200': the Redis server has 16 databases (0 to 15)", line);
        Assert.DoesNotContain("   at ", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithTheLastDbOfTheServer_Runs()
    {
        await using var redis = await RedisServer.StartAsync();
        var port = FreePort.Next();
        await using var run = StreamDriftProcess.Start(
            ["run", "--users", "sim", "--kafka", "none", "--metrics-port", port.ToString(CultureInfo.InvariantCulture), "--redis", redis.Endpoint, "--db", "15"]);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

        await Eventually.Until(
            async () =>
            {
                try
                {
                    return (await http.GetStringAsync(new Uri("healthz", UriKind.Relative))).Contains("\"subscribed\"", StringComparison.Ordinal);
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(120),
            () => $"never subscribed; stderr: {run.StandardError}; stdout: {run.StandardOutput}");
    }
}
