using System.Globalization;
using System.Text.RegularExpressions;
using StackExchange.Redis;
using StreamDrift.TestSupport;

namespace StreamDrift.Cli.Tests.EndToEnd;

/// <summary>
/// The built executable behind a real Sentinel deployment (a primary, a replica, three sentinels): <c>count</c> and
/// <c>run</c> given the sentinels as <c>--redis</c> and <c>--sentinel-master</c>. After a SIGKILL of the primary,
/// <c>run</c>'s live count (scheduled reconciles off) follows the promoted replica, the switch is a gap in
/// <c>/metrics</c>, and <c>count</c> counts the new primary.
/// </summary>
public class SentinelExecutableTests
{
    [Fact]
    public async Task RunAndCount_WithSentinelMaster_FollowTheSwitchAfterTheKillOfThePrimary()
    {
        await using var deployment = await RedisSentinels.StartAsync();
        var sentinels = deployment.SentinelEndpoints.ToArray();
        await WriteAsync(deployment.DataNodes[0].Endpoint, "sess:before:", 300);
        await WriteAsync(deployment.DataNodes[0].Endpoint, "cache:", 50);
        await Eventually.Until(async () => (await RedisCluster.Cli(deployment.DataNodes[1].Endpoint, "DBSIZE")).Trim() == "350",
            Eventually.DefaultDeadline, "the replica has the keys");

        var counted = await StreamDriftExecutable.RunAsync(["count", "--redis", string.Join(",", sentinels), "--sentinel-master", RedisSentinels.MasterName, "--prefix", "sess:"]);
        Assert.Equal(0, counted.ExitCode);
        Assert.Equal("300", counted.StandardOutput.Trim());

        var port = FreePort.Next();
        await using var run = StreamDriftProcess.Start(
        [
            "run", "--store", "behind-sentinel", "--redis", sentinels[0], "--redis", sentinels[1], "--redis", sentinels[2],
            "--sentinel-master", RedisSentinels.MasterName, "--prefix", "sess:", "--users", "sim", "--kafka", "none",
            "--window", "1s", "--grace", "1s", "--reconcile-every", "24h", "--metrics-port", port.ToString(CultureInfo.InvariantCulture),
        ]);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
        await Eventually.Until(() => run.StandardOutput.Contains("watching", StringComparison.Ordinal), Eventually.DefaultDeadline, () => $"store not running: {run.StandardOutput}{run.StandardError}");
        await Eventually.Until(async () => await MetricAsync(http, "streamdrift_session_keys") == 300, Eventually.DefaultDeadline, () => $"no count of 300: {run.StandardOutput}");
        await WriteAsync(deployment.DataNodes[0].Endpoint, "sess:live:", 20);
        await Eventually.Until(async () => await MetricAsync(http, "streamdrift_session_keys") == 320, Eventually.DefaultDeadline, "the events of the primary counted");
        await Eventually.Until(async () => (await RedisCluster.Cli(deployment.DataNodes[1].Endpoint, "DBSIZE")).Trim() == "370",
            Eventually.DefaultDeadline, "the replica has the keys");
        var gapsBefore = await MetricAsync(http, "streamdrift_subscription_gaps_total");

        var promoted = await deployment.KillPrimaryAsync();
        await WriteAsync(promoted, "sess:after:", 80);

        await Eventually.Until(async () => await MetricAsync(http, "streamdrift_session_keys") == 400, Eventually.DefaultDeadline,
            () => $"live count not the new primary's 400; output:\n{Tail(run.StandardOutput)}");
        Assert.True(await MetricAsync(http, "streamdrift_subscription_gaps_total") > gapsBefore, "the switch is a gap");
        Assert.Contains("K", await RedisCluster.Cli(promoted, "CONFIG", "GET", "notify-keyspace-events"), StringComparison.Ordinal);
        Assert.Contains("primaries changed", run.StandardOutput + run.StandardError, StringComparison.Ordinal);
        var recounted = await StreamDriftExecutable.RunAsync(["count", "--redis", string.Join(",", sentinels), "--sentinel-master", RedisSentinels.MasterName, "--prefix", "sess:"]);
        Assert.True(recounted.StandardOutput.Trim() == "400", $"count after the switch: {recounted.StandardOutput} {recounted.StandardError}");

        await run.TerminateAsync();
        Assert.Equal(0, (await run.WaitForExitAsync(TimeSpan.FromSeconds(30))).ExitCode);
    }

    [Fact]
    public async Task Count_WithAnUnknownSentinelMaster_PrintsOneLineNamingItAndExitsNonZero()
    {
        await using var deployment = await RedisSentinels.StartAsync();

        var result = await StreamDriftExecutable.RunAsync(["count", "--redis", deployment.SentinelEndpoints.First(), "--sentinel-master", "nosuch", "--prefix", "sess:"]);

        Assert.NotEqual(0, result.ExitCode);
        var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("'nosuch'", line, StringComparison.Ordinal);
    }

    private static async Task WriteAsync(string endpoint, string prefix, int keys)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(endpoint);
        var database = connection.GetDatabase();
        await Task.WhenAll(Enumerable.Range(0, keys).Select(i => database.StringSetAsync($"{prefix}{i}", "v")));
    }

    private static async Task<double?> MetricAsync(HttpClient http, string name)
    {
        try
        {
            var text = await http.GetStringAsync(new Uri("metrics", UriKind.Relative));
            var match = Regex.Match(text, $@"^{name}\{{store=""behind-sentinel""\}} (\S+)$", RegexOptions.Multiline);
            return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static string Tail(string text) => string.Join("\n", text.Split('\n').TakeLast(30));
}
