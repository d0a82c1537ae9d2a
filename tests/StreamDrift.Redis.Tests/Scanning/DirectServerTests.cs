using StreamDrift.Core.Layouts;
using StreamDrift.Redis.Direct;
using StreamDrift.Redis.Scanning;
using StreamDrift.TestSupport;

namespace StreamDrift.Redis.Tests.Scanning;

/// <summary>
/// The count's own sockets on real servers: the same counts as the library's pages over shares, and a refusal
/// (with why) wherever the shares or the credentials would not hold.
/// </summary>
public class DirectServerTests
{
    private static readonly TimeSpan CliTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task DirectPages_OverShares_CountExactlyAsTheLibrarysPages_ForSeveralPrefixesAndRules_InTheSelectedDb()
    {
        await using var server = await RedisServer.StartAsync("--enable-debug-command", "yes");
        // DEBUG POPULATE writes "<prefix>:<n>": PHPREDIS_SESSION:0.., sess:0.., other:0.., in DB 2.
        await PopulateAsync(server, 2, 60_000, "PHPREDIS_SESSION");
        await PopulateAsync(server, 2, 20_000, "sess");
        await PopulateAsync(server, 2, 30_000, "other");
        await using (var connection = await server.ConnectAsync())
        {
            var db = connection.GetDatabase(2);
            for (var i = 0; i < 3_000; i++)
            {
                await db.StringSetAsync($"PHPREDIS_SESSION:{i}_LOCK", "1", flags: StackExchange.Redis.CommandFlags.FireAndForget);
            }
            await db.PingAsync();
            await connection.GetServers()[0].ExecuteAsync("ACL", "SETUSER", "counter", "on", ">c0unt-pw", "~*", "-@all", "+scan", "+info", "+dbsize", "+select");
        }
        var php = SessionKeyRules.Create(["PHPREDIS_SESSION:", "sess:"], ["PHPREDIS_SESSION:*_LOCK"], 0);

        var (source, whyNot) = await DirectServer.OpenAsync("127.0.0.1", server.Port, "counter", "c0unt-pw", 2, 4, php);

        Assert.Null(whyNot);
        using (source)
        {
            var direct = await ServerKeyCounter.CountAsync(source!, php.Prefixes, 500, 4);
            Assert.Equal(80_000, direct.Keys);
            Assert.Equal(4, direct.Shares);
            Assert.Equal(ScanMode.Plain, direct.Mode);
            Assert.Contains("direct sockets", direct.FallbackReason, StringComparison.Ordinal);

        }
        // Prefixes only: every match counts, the lock keys too.
        var every = SessionKeyRules.PrefixesOnly(["PHPREDIS_SESSION:", "other:"]);
        var (plain, _) = await DirectServer.OpenAsync("127.0.0.1", server.Port, "counter", "c0unt-pw", 2, 8, every);
        using (plain)
        {
            var all = await ServerKeyCounter.CountAsync(plain!, every.Prefixes, 700, 8);
            Assert.Equal(60_000 + 3_000 + 30_000, all.Keys);
            Assert.Equal(8, all.Shares);
        }
        await using var library = await server.ConnectAsync();
        var scanner = new ServerPageScanner(library.GetServers()[0], 2, TimeProvider.System, useScript: false, rules: php);
        Assert.Equal(80_000, (await ServerKeyCounter.CountAsync(scanner, php.Prefixes, 500, 4)).Keys);
    }

    [Fact]
    public async Task Open_WrongPassword_SmallDb_OrADbBeyondTheServers_IsRefused()
    {
        await using var server = await RedisServer.StartAsync("--enable-debug-command", "yes", "--databases", "4");
        await PopulateAsync(server, 0, 70_000, "sess");
        await PopulateAsync(server, 1, 1_000, "sess");
        await using (var connection = await server.ConnectAsync())
        {
            await connection.GetServers()[0].ExecuteAsync("ACL", "SETUSER", "counter", "on", ">c0unt-pw", "~*", "+@all");
        }

        var wrong = await DirectServer.OpenAsync("127.0.0.1", server.Port, "counter", "not-it", 0, 4, null);
        var small = await DirectServer.OpenAsync("127.0.0.1", server.Port, null, null, 1, 4, null);
        var beyond = await DirectServer.OpenAsync("127.0.0.1", server.Port, null, null, 9, 4, null);
        var right = await DirectServer.OpenAsync("127.0.0.1", server.Port, "counter", "c0unt-pw", 0, 2, null);

        Assert.Null(wrong.Source);
        Assert.Contains("WRONGPASS", wrong.WhyNot, StringComparison.Ordinal);
        Assert.Null(small.Source);
        Assert.Contains("1000 keys: below", small.WhyNot, StringComparison.Ordinal);
        Assert.Null(beyond.Source);
        Assert.Contains("DB index is out of range", beyond.WhyNot, StringComparison.Ordinal);
        using var source = right.Source;
        Assert.NotNull(source);
        Assert.Equal(2, source.Connections);
        Assert.Equal(70_000, (await ServerKeyCounter.CountAsync(source, ["sess:"], 5_000, 2)).Keys);
    }

    [Fact]
    public async Task Open_OnAReplica_IsRefused_ItsRoleSaysWhy()
    {
        await using var primary = await RedisServer.StartAsync("--enable-debug-command", "yes");
        await PopulateAsync(primary, 0, 70_000, "sess");
        await using var replica = await RedisServer.StartAsync("--replicaof", "127.0.0.1", primary.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Eventually.Until(
            async () => (await RedisCli.RunAsync(CliTimeout, "-p", replica.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "DBSIZE")).Trim() == "70000",
            Eventually.DefaultDeadline, "the replica never synced");

        var (source, whyNot) = await DirectServer.OpenAsync("127.0.0.1", replica.Port, null, null, 0, 4, null);

        Assert.Null(source);
        Assert.Equal("role slave", whyNot);
    }

    [Fact]
    public async Task Open_OnAClusterNode_IsRefused_ItsModeSaysWhy()
    {
        await using var cluster = await RedisCluster.StartAsync(3);

        var (source, whyNot) = await DirectServer.OpenAsync("127.0.0.1", cluster.Nodes[0].Port, null, null, 0, 4, null);

        Assert.Null(source);
        Assert.Equal("redis_mode cluster", whyNot);
    }

    private static Task<string> PopulateAsync(RedisServer server, int database, int keys, string prefix) =>
        RedisCli.RunAsync(CliTimeout, "-p", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-n", database.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "DEBUG", "POPULATE", keys.ToString(System.Globalization.CultureInfo.InvariantCulture), prefix);
}
