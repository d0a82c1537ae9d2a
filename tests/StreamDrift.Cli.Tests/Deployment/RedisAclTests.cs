using StackExchange.Redis;
using StreamDrift.TestSupport;

namespace StreamDrift.Cli.Tests.Deployment;

/// <summary>
/// The least-privilege ACL rule in the README, executed as printed against a real redis-server (7.0+):
/// what StreamDrift does must pass, what it must never do must be refused.
/// </summary>
public class RedisAclTests
{
    private static string[] ReadmeRule()
    {
        var line = File.ReadLines(Path.Combine(RepositoryRoot.Path, "README.md"))
            .Single(l => l.StartsWith("ACL SETUSER streamdrift ", StringComparison.Ordinal));
        return line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    private static async Task<string> DryRunAsync(IDatabase admin, params string[] command)
    {
        try
        {
            return (await admin.ExecuteAsync("ACL", ["DRYRUN", "streamdrift", .. command])).ToString();
        }
        catch (RedisServerException e)
        {
            return e.Message;
        }
    }

    [Fact]
    public async Task ReadmeRule_AllowsWhatStreamDriftDoes_AndNothingElse()
    {
        await using var server = await RedisServer.StartAsync();
        await using var adminConnection = await server.ConnectAsync();
        var admin = adminConnection.GetDatabase();
        var rule = ReadmeRule();
        Assert.Equal("OK", (await admin.ExecuteAsync(rule[0], [.. rule.Skip(1)])).ToString());

        string[][] allowed =
        [
            ["SCAN", "0", "MATCH", "sess:*", "COUNT", "1000"], ["TTL", "sess:1"], ["PTTL", "sess:1"], ["TYPE", "sess:1"],
            ["INFO"], ["INFO", "keyspace"], ["PING"], ["DBSIZE"], ["SELECT", "0"], ["CLIENT", "SETNAME", "streamdrift"],
            ["CONFIG", "GET", "notify-keyspace-events"], ["CONFIG", "SET", "notify-keyspace-events", "Kgxen$h"],
            ["PSUBSCRIBE", "__keyspace@0__:sess:*"], ["PUNSUBSCRIBE", "__keyspace@0__:sess:*"],
            ["SCRIPT", "LOAD", "return 1"], ["EVALSHA", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db", "0"], ["TIME"],
        ];
        foreach (var command in allowed)
        {
            Assert.Equal($"OK ({string.Join(' ', command)})", $"{await DryRunAsync(admin, command)} ({string.Join(' ', command)})");
        }

        string[][] refused =
        [
            ["GET", "sess:1"], ["SET", "sess:1", "x"], ["DEL", "sess:1"], ["TTL", "cache:1"], ["KEYS", "*"],
            ["FLUSHALL"], ["PSUBSCRIBE", "__keyspace@0__:*"], ["PSUBSCRIBE", "__keyspace@0__:cache:*"], ["SUBSCRIBE", "orders"],
            ["ACL", "SETUSER", "streamdrift", "+@all"], ["SHUTDOWN"],
        ];
        foreach (var command in refused)
        {
            Assert.StartsWith("This user has no permissions", await DryRunAsync(admin, command), StringComparison.Ordinal);
        }
    }

    private static async Task<ConnectionMultiplexer> ConnectAsUserAsync(RedisServer server, string password, IDatabase admin)
    {
        try
        {
            return await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
            {
                EndPoints = { server.Endpoint },
                User = "streamdrift",
                Password = password,
                AbortOnConnectFail = true,
                // A loaded CI machine can take longer than the default 5 s handshake budget.
                ConnectTimeout = 20_000,
                AsyncTimeout = 20_000,
                SyncTimeout = 20_000,
                ConfigurationChannel = "",
                TieBreaker = "",
            });
        }
        catch (RedisConnectionException e)
        {
            // The ACL log names the refused command: the rule's missing permission.
            var log = (RedisResult[])(await admin.ExecuteAsync("ACL", "LOG"))!;
            var entries = log.Select(entry => string.Join(' ', ((RedisResult[])entry!).Select(r => r.ToString())));
            throw new InvalidOperationException($"connect as streamdrift failed; ACL LOG: {string.Join(" | ", entries)}", e);
        }
    }

    [Fact]
    public async Task ReadmeRule_LetsAStackExchangeRedisClientScanAndReceiveKeyspaceEvents()
    {
        await using var server = await RedisServer.StartAsync("--notify-keyspace-events", "Kgxen$h");
        await using var adminConnection = await server.ConnectAsync();
        var admin = adminConnection.GetDatabase();
        var rule = ReadmeRule();
        await admin.ExecuteAsync(rule[0], [.. rule.Skip(1)]);
        var password = rule.Single(t => t.StartsWith('>'))[1..];
        await admin.StringSetAsync("sess:before", "x");
        await admin.StringSetAsync("cache:page", "x");

        await using var client = await ConnectAsUserAsync(server, password, admin);
        // The library may run the handler for two messages of one command out of order ("set" before "new"): keep all.
        var events = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await client.GetSubscriber().SubscribeAsync(RedisChannel.Pattern("__keyspace@0__:sess:*"), (channel, message) => events.Enqueue($"{channel} {message}"));

        await admin.StringSetAsync("sess:new", "x", TimeSpan.FromMinutes(1));
        var scanned = new List<string>();
        await foreach (var key in client.GetServer(server.Endpoint).KeysAsync(pattern: "sess:*"))
        {
            scanned.Add(key!);
        }

        await Eventually.Until(() => events.Contains("__keyspace@0__:sess:new new"), TimeSpan.FromSeconds(10), () => $"the 'new' event; received: {string.Join(", ", events)}");
        Assert.Equal(["sess:before", "sess:new"], scanned.Order());
        Assert.True(await client.GetDatabase().KeyTimeToLiveAsync("sess:new") > TimeSpan.Zero);
        await Assert.ThrowsAsync<RedisServerException>(() => client.GetDatabase().StringGetAsync("sess:new"));
    }
}
