using StreamDrift.TestSupport;

namespace StreamDrift.Cli.Tests;

/// <summary>
/// The published <c>streamdrift</c> as an operator gets it: the Native AOT front door with the managed streamdrift
/// in <c>host/</c> beside it (src/StreamDrift.Native). The count's fast path runs natively; everything else must
/// behave exactly as the managed executable does, exit codes and one-line errors included.
/// </summary>
public class NativeFrontDoorTests(NativeFrontDoorTests.Published published) : IClassFixture<NativeFrontDoorTests.Published>
{
    // At least ScanShares.MinimumKeys, so a standalone primary is counted on the front door's own sockets.
    private const int LargeDb = 70_000;

    [Fact]
    public async Task Count_OfALargeStandaloneDb_RunsNativelyWithoutTheManagedHost()
    {
        await using var server = await PopulatedAsync(LargeDb);

        // The native executable alone, no host/ beside it: only the front door itself can have counted.
        var (exit, stdout, stderr) = await RunAsync(published.LoneNative, "count", "--redis", server.Endpoint, "--prefix", "sess:");

        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        Assert.Equal($"{LargeDb}\n", stdout);
    }

    [Fact]
    public async Task CountJson_Native_HasTheManagedCountsShape()
    {
        await using var server = await PopulatedAsync(LargeDb);

        var native = await RunAsync(published.LoneNative, "count", "--redis", server.Endpoint, "--prefix", "sess:", "--json");
        var managed = await RunAsync(published.ManagedHost, "count", "--redis", server.Endpoint, "--prefix", "sess:", "--json");

        Assert.Equal(0, native.ExitCode);
        Assert.Equal(0, managed.ExitCode);
        Assert.Equal(Shape(managed.StandardOutput), Shape(native.StandardOutput));
        Assert.Contains($"\"count\":{LargeDb},", native.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Count_OfASmallDb_IsHandedToTheManagedStreamdrift()
    {
        await using var server = await PopulatedAsync(42);

        var lone = await RunAsync(published.LoneNative, "count", "--redis", server.Endpoint, "--prefix", "sess:");
        var whole = await RunAsync(published.FrontDoor, "count", "--redis", server.Endpoint, "--prefix", "sess:");

        // Below the shares' minimum the front door declines: alone it can only say what is missing.
        Assert.Equal(1, lone.ExitCode);
        Assert.Equal("", lone.StandardOutput);
        Assert.StartsWith("streamdrift: the managed streamdrift is missing at ", OneLine(lone.StandardError), StringComparison.Ordinal);
        Assert.Equal(0, whole.ExitCode);
        Assert.Equal("42\n", whole.StandardOutput);
    }

    [Theory]
    [InlineData("count --redis 127.0.0.1:1 --prefix sess: --db many")]
    [InlineData("count --bogus")]
    [InlineData("run --sensitivity extreme")]
    [InlineData("nonsense")]
    public async Task BadInput_GivesTheManagedOneLineErrorAndExitCode(string commandLine)
    {
        var args = commandLine.Split(' ');
        var native = await RunAsync(published.FrontDoor, args);
        var managed = await RunAsync(published.ManagedHost, args);

        Assert.NotEqual(0, native.ExitCode);
        Assert.Equal(managed.ExitCode, native.ExitCode);
        Assert.Equal(managed.StandardOutput, native.StandardOutput);
        Assert.Equal(OneLine(managed.StandardError), OneLine(native.StandardError));
    }

    [Fact]
    public async Task Count_UnreachableRedis_SaysSoInOneLineAsTheManagedCountDoes()
    {
        var port = FreePort.Next(); // nobody listens there

        var (exit, stdout, stderr) = await RunAsync(published.FrontDoor, "count", "--redis", $"127.0.0.1:{port}", "--prefix", "sess:");

        Assert.NotEqual(0, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith($"streamdrift: cannot connect to Redis at 127.0.0.1:{port}", OneLine(stderr), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ThroughASymlinkOnThePath_IsTheManagedHelp()
    {
        // Installed as a link (/usr/local/bin/streamdrift -> /opt/streamdrift/streamdrift): host/ is found beside the target.
        var native = await RunAsync(published.Linked, "run", "--help");
        var managed = await RunAsync(published.ManagedHost, "run", "--help");

        Assert.Equal(0, native.ExitCode);
        Assert.Equal(managed.StandardOutput, native.StandardOutput);
        Assert.Contains("--sensitivity", native.StandardOutput, StringComparison.Ordinal);
    }

    // The JSON with every number replaced: the fields, their order and their strings.
    private static string Shape(string json) => System.Text.RegularExpressions.Regex.Replace(json, "[0-9.]+", "N");

    private static string OneLine(string stderr) =>
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));

    private static async Task<RedisServer> PopulatedAsync(int sessions)
    {
        var server = await RedisServer.StartAsync("--enable-debug-command", "yes");
        await using var connection = await server.ConnectAsync();
        await connection.GetServers()[0].ExecuteAsync("DEBUG", "POPULATE", sessions, "sess:", 16);
        await connection.GetServers()[0].ExecuteAsync("DEBUG", "POPULATE", 1_000, "cache:", 16);
        return server;
    }

    private static Task<ProcessResult> RunAsync(string executable, params string[] args) =>
        ChildProcess.RunAsync(executable, args, TimeSpan.FromSeconds(60));

    /// <summary>src/StreamDrift.Native published once for the class, as the README's publish command does.</summary>
    public sealed class Published : IAsyncLifetime
    {
        private readonly string _root = Directory.CreateTempSubdirectory("streamdrift-native-").FullName;

        /// <summary>The native executable with host/ beside it.</summary>
        public string FrontDoor => Path.Combine(_root, "publish", "streamdrift");

        /// <summary>The managed executable the front door hands over to.</summary>
        public string ManagedHost => Path.Combine(_root, "publish", "host", "streamdrift");

        /// <summary>A symbolic link to <see cref="FrontDoor"/> in another folder.</summary>
        public string Linked => Path.Combine(_root, "bin", "streamdrift");

        /// <summary>A copy of the native executable in a folder of its own, without host/.</summary>
        public string LoneNative => Path.Combine(_root, "lone", "streamdrift");

        public async Task InitializeAsync()
        {
            var publish = await ChildProcess.RunAsync(
                "dotnet",
                ["publish", Path.Combine(RepositoryRoot(), "src", "StreamDrift.Native"), "-c", "Release", "--use-current-runtime", "-o", Path.Combine(_root, "publish"), "--nologo", "-v", "q"],
                TimeSpan.FromMinutes(10));
            if (publish.ExitCode != 0 || !File.Exists(FrontDoor) || !File.Exists(ManagedHost))
            {
                throw new InvalidOperationException($"dotnet publish src/StreamDrift.Native failed ({publish.ExitCode}): {publish.StandardOutput}{publish.StandardError}");
            }
            Directory.CreateDirectory(Path.GetDirectoryName(LoneNative)!);
            File.Copy(FrontDoor, LoneNative);
            Directory.CreateDirectory(Path.GetDirectoryName(Linked)!);
            File.CreateSymbolicLink(Linked, FrontDoor);
        }

        public Task DisposeAsync()
        {
            Directory.Delete(_root, recursive: true);
            return Task.CompletedTask;
        }

        private static string RepositoryRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "StreamDrift.sln")))
                {
                    return dir.FullName;
                }
            }
            throw new DirectoryNotFoundException($"no StreamDrift.sln above {AppContext.BaseDirectory}");
        }
    }
}
