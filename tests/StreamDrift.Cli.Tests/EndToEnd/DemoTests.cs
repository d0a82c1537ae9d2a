using System.Net.Sockets;
using System.Text.RegularExpressions;
using StreamDrift.TestSupport;

namespace StreamDrift.Cli.Tests.EndToEnd;

/// <summary><c>streamdrift demo</c>, headless, from start to its own end.</summary>
public partial class DemoTests
{
    [Fact]
    public async Task Demo_Headless_RunsToCompletion_PublishesAnEvictionAlert_AndCleansUp()
    {
        var result = await StreamDriftExecutable.RunAsync(["demo", "--headless"], TimeSpan.FromMinutes(4));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(result.StandardOutput.Split('\n'), l =>
            l.Contains("published streamdrift.alerts: ", StringComparison.Ordinal)
            && l.Contains("\"transition\":\"OPENED\"", StringComparison.Ordinal)
            && l.Contains("\"cause\":\"SESSIONS_EVICTED\"", StringComparison.Ordinal));
        Assert.Contains("demo finished: observations and alerts in ", result.StandardOutput, StringComparison.Ordinal);

        // The private redis-server is gone with the demo.
        var port = int.Parse(RedisEndpoint().Match(result.StandardOutput).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        using var client = new TcpClient();
        await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync("127.0.0.1", port));
    }

    [GeneratedRegex(@"redis-server at 127\.0\.0\.1:(\d+)")]
    private static partial Regex RedisEndpoint();
}
