using StreamDrift.TestSupport;

namespace StreamDrift.Cli.Tests.Configuration;

/// <summary>
/// Issue 16, finding 8: settings that could only fail once the run is under way (an output path that cannot
/// be written, a users file that is a directory, an empty value, an unreadable config file) stop the built
/// executable at start with one line naming the setting and exit 2; and a password inside a value is never echoed.
/// </summary>
public sealed class BadSettingsExecutableTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("streamdrift-settings-");

    public static TheoryData<string, string[]> UnusableSettings => new()
    {
        { "Sink", ["--sink", "jsonl:{dir}"] },
        { "Sink", ["--sink", "jsonl:{file}/out.jsonl"] },
        { "Sink", ["--sink", "jsonl:/proc/streamdrift-test/out.jsonl"] },
        { "Record", ["--record", "{dir}"] },
        { "Record", ["--record", "{file}/recording.jsonl"] },
        { "Record", ["--record", "/proc/streamdrift-recording.jsonl"] },
        { "Stores:0:Users", ["--users", "file:{dir}"] },
        { "Stores:0:Users", ["--users", "file:{file}/users.jsonl"] },
        { "Stores:0:Window", ["--window", ""] },
        { "Stores:0:Prefixes:0", ["--prefix", ""] },
        { "config file '/proc/self/mem' cannot be read", ["--config", "/proc/self/mem"] },
        { "is a directory", ["--config", "{dir}"] },
    };

    [Theory]
    [MemberData(nameof(UnusableSettings))]
    public async Task UnusableSetting_StopsTheStartWithOneLineNamingIt_AndExit2(string named, string[] flags)
    {
        var plainFile = Path.Combine(_directory.FullName, "plain.txt");
        await File.WriteAllTextAsync(plainFile, "not a directory");
        string[] args = ["run", "--users", "sim", "--kafka", "none", "--metrics-port", "0", "--redis", "127.0.0.1:1",
            .. flags.Select(f => f.Replace("{dir}", _directory.FullName, StringComparison.Ordinal).Replace("{file}", plainFile, StringComparison.Ordinal))];

        var result = await StreamDriftExecutable.RunAsync(args, TimeSpan.FromSeconds(60));

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("streamdrift: ", line, StringComparison.Ordinal);
        Assert.Contains(named, line, StringComparison.Ordinal);
        Assert.Equal("", result.StandardOutput);
    }

    [Theory]
    [InlineData("run", "--users", "sim", "--kafka", "none", "--metrics-port", "0", "--redis", "127.0.0.1:6379,password=hunter2")]
    [InlineData("run", "--users", "sim", "--kafka", "none", "--metrics-port", "0", "--redis", "redis://shop:hunter2@127.0.0.1:6379")]
    [InlineData("count", "--prefix", "sess:", "--redis", "127.0.0.1:1,password=hunter2,frobnicate=1")]
    public async Task PasswordInsideTheRedisValue_IsNeverEchoed(params string[] args)
    {
        var result = await StreamDriftExecutable.RunAsync(args, TimeSpan.FromSeconds(60));

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Redis", result.StandardError, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("hunter2", result.StandardError + result.StandardOutput, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
