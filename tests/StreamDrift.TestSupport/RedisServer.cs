using StackExchange.Redis;
using StreamDrift.Redis.Local;

namespace StreamDrift.TestSupport;

/// <summary>
/// A real redis-server owned by one test (or one class fixture): the product's <see cref="LocalRedisServer"/>
/// (free loopback port, no persistence, killed on dispose) plus a connection helper. Extra arguments are passed
/// straight to redis-server (e.g. "--maxmemory", "2mb"); clusters and sentinels take the options overload.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    // Quieter logs and no protected mode: tests connect from loopback without a password and read no server log.
    private static readonly string[] TestDefaults = ["--protected-mode", "no", "--loglevel", "warning"];

    private readonly LocalRedisServer _server;

    private RedisServer(LocalRedisServer server) => _server = server;

    public int Port => _server.Port;

    public string Endpoint => _server.Endpoint;

    public int ProcessId => _server.ProcessId;

    public static Task<RedisServer> StartAsync(params string[] extraArgs) =>
        StartAsync(new LocalRedisServerOptions { Arguments = extraArgs });

    /// <summary>Starts a server in any mode the launcher knows (cluster config lines, <c>--sentinel</c>, replicaof).</summary>
    public static async Task<RedisServer> StartAsync(LocalRedisServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var server = await LocalRedisServer.StartAsync(
            options with { Arguments = [.. TestDefaults, .. options.Arguments] }, TimeProvider.System).ConfigureAwait(false);
        return new RedisServer(server);
    }

    /// <summary>A fresh multiplexer to this server; the caller disposes it.</summary>
    public Task<ConnectionMultiplexer> ConnectAsync(bool allowAdmin = true) =>
        ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
        {
            EndPoints = { Endpoint },
            AllowAdmin = allowAdmin,
            AbortOnConnectFail = false,
            ConnectTimeout = 5000,
            SyncTimeout = 30000,
            AsyncTimeout = 30000,
        });

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
