using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;
using StreamDrift.Redis.Local;
using StreamDrift.Redis.Sentinel;

namespace StreamDrift.TestSupport;

/// <summary>
/// A real Sentinel deployment owned by one test: a primary, a replica and three <c>redis-server --sentinel</c>
/// monitoring it under <see cref="MasterName"/> (quorum 2, a primary is down after 1 s), all on free loopback
/// ports. Helpers SIGKILL the primary or ask for a graceful <c>SENTINEL FAILOVER</c>. Killed on dispose.
/// </summary>
public sealed class RedisSentinels : IAsyncDisposable
{
    public const string MasterName = "sessions";

    private readonly List<RedisServer> _data;
    private readonly List<RedisServer> _sentinels;

    private RedisSentinels(List<RedisServer> data, List<RedisServer> sentinels)
    {
        _data = data;
        _sentinels = sentinels;
    }

    public IReadOnlyList<RedisServer> DataNodes => _data;

    public IEnumerable<string> SentinelEndpoints => _sentinels.Select(s => s.Endpoint);

    public static async Task<RedisSentinels> StartAsync()
    {
        var primary = await RedisServer.StartAsync().ConfigureAwait(false);
        var data = new List<RedisServer> { primary };
        var sentinels = new List<RedisServer>();
        var deployment = new RedisSentinels(data, sentinels);
        try
        {
            data.Add(await RedisServer.StartAsync("--replicaof", "127.0.0.1", primary.Port.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false));
            for (var i = 0; i < 3; i++)
            {
                sentinels.Add(await RedisServer.StartAsync(new LocalRedisServerOptions
                {
                    Sentinel = true,
                    ConfigLines =
                    [
                        $"sentinel monitor {MasterName} 127.0.0.1 {primary.Port.ToString(CultureInfo.InvariantCulture)} 2",
                        $"sentinel down-after-milliseconds {MasterName} 1000",
                        $"sentinel failover-timeout {MasterName} 10000",
                    ],
                }).ConfigureAwait(false));
            }
            await deployment.WaitAsync(async () =>
                (await RedisCluster.Cli(data[1].Endpoint, "INFO", "replication").ConfigureAwait(false)).Contains("master_link_status:up", StringComparison.Ordinal)
                && (await RedisCluster.Cli(sentinels[0].Endpoint, "SENTINEL", "REPLICAS", MasterName).ConfigureAwait(false)).Contains(data[1].Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                && (await RedisCluster.Cli(sentinels[0].Endpoint, "SENTINEL", "CKQUORUM", MasterName).ConfigureAwait(false)).Contains("OK 3", StringComparison.Ordinal)).ConfigureAwait(false);
        }
        catch
        {
            await deployment.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return deployment;
    }

    /// <summary>A Sentinel-managed multiplexer (ServiceName), as StreamDrift makes one; the caller disposes it.</summary>
    public Task<ConnectionMultiplexer> ConnectAsync()
    {
        var options = new ConfigurationOptions
        {
            ServiceName = MasterName,
            AllowAdmin = true,
            AbortOnConnectFail = false,
            ConnectTimeout = 5000,
            SyncTimeout = 30000,
            AsyncTimeout = 30000,
        };
        foreach (var sentinel in SentinelEndpoints)
        {
            options.EndPoints.Add(sentinel);
        }
        return ConnectionMultiplexer.ConnectAsync(options);
    }

    /// <summary>How StreamDrift finds this deployment (<c>--sentinel-master</c> with the sentinels as <c>--redis</c>).</summary>
    public SentinelMasterOptions MasterOptions(string clientName = "streamdrift-test")
    {
        var options = new SentinelMasterOptions
        {
            MasterName = MasterName,
            Data = new ConfigurationOptions
            {
                AllowAdmin = true,
                AbortOnConnectFail = false,
                ConnectTimeout = 5000,
                SyncTimeout = 30000,
                AsyncTimeout = 30000,
                ClientName = clientName,
            },
        };
        foreach (var sentinel in SentinelEndpoints)
        {
            options.Sentinels.Add(sentinel);
        }
        return options;
    }

    /// <summary>The primary the sentinels name now.</summary>
    public async Task<string> PrimaryAsync()
    {
        var reply = await RedisCluster.Cli(_sentinels[0].Endpoint, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", MasterName).ConfigureAwait(false);
        var lines = reply.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return $"{lines[0]}:{lines[1]}";
    }

    /// <summary>SIGKILLs the primary and waits until the sentinels name the replica; returns the new primary.</summary>
    public async Task<string> KillPrimaryAsync()
    {
        var old = await PrimaryAsync().ConfigureAwait(false);
        var primary = _data.Single(d => d.Endpoint == old);
        using (var process = Process.GetProcessById(primary.ProcessId))
        {
            process.Kill();
        }
        await WaitAsync(async () => await PrimaryAsync().ConfigureAwait(false) != old).ConfigureAwait(false);
        return await PrimaryAsync().ConfigureAwait(false);
    }

    /// <summary>SENTINEL FAILOVER (graceful); waits until the old primary serves as a replica of the new one. Returns the new primary.</summary>
    public async Task<string> FailoverAsync()
    {
        var old = await PrimaryAsync().ConfigureAwait(false);
        await RedisCluster.Cli(_sentinels[0].Endpoint, "SENTINEL", "FAILOVER", MasterName).ConfigureAwait(false);
        await WaitAsync(async () => await PrimaryAsync().ConfigureAwait(false) != old).ConfigureAwait(false);
        var now = await PrimaryAsync().ConfigureAwait(false);
        await WaitAsync(async () =>
        {
            var info = await RedisCluster.Cli(old, "INFO", "replication").ConfigureAwait(false);
            return info.Contains("role:slave", StringComparison.Ordinal) && info.Contains("master_link_status:up", StringComparison.Ordinal);
        }).ConfigureAwait(false);
        return now;
    }

    private async Task WaitAsync(Func<Task<bool>> condition)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!await condition().ConfigureAwait(false))
        {
            if (stopwatch.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"the sentinel deployment ({string.Join(",", SentinelEndpoints)}) did not settle within 60 s");
            }
            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _sentinels.Concat(_data))
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
