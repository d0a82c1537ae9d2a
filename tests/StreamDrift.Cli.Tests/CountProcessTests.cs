using StreamDrift.TestSupport;

namespace StreamDrift.Cli.Tests;

/// <summary>The real executable, as an operator runs it: exit codes and what lands on stdout and stderr.</summary>
public class CountProcessTests
{
    [Fact]
    public async Task Count_UnreachableRedis_PrintsOneLineAndExitsNonZero()
    {
        var port = FreePort.Next(); // nobody listens there
        var (exit, stdout, stderr) = await RunAsync("count", "--redis", $"127.0.0.1:{port}", "--prefix", "sess:");

        Assert.NotEqual(0, exit);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"streamdrift: cannot connect to Redis at 127.0.0.1:{port}", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Count_BadFlag_PrintsOneUsageLineAndExitsTwo()
    {
        var (exit, stdout, stderr) = await RunAsync("count", "--redis", "127.0.0.1:1", "--prefix", "sess:", "--db", "many");

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--db", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Count_Json_PrintsOneLineWithCountScannedAndElapsed()
    {
        await using var server = await RedisServer.StartAsync();
        await using (var connection = await server.ConnectAsync())
        {
            for (var i = 0; i < 42; i++)
            {
                await connection.GetDatabase().StringSetAsync($"sess:{i}", "x");
            }
        }

        var (exit, stdout, _) = await RunAsync("count", "--redis", server.Endpoint, "--prefix", "sess:", "--json");

        Assert.Equal(0, exit);
        Assert.Matches("^\\{\"count\":42,\"scanned\":42,\"pages\":\\d+,\"elapsedMs\":[0-9.]+,.*\\}\n$", stdout);
    }

    internal static Task<ProcessResult> RunAsync(params string[] args) =>
        ChildProcess.RunAsync("dotnet", [StreamDriftExecutable.DllPath, .. args], TimeSpan.FromSeconds(60));
}
