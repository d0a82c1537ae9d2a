using System.Globalization;
using System.Text.Json;
using StreamDrift.Cli.Commands;
using StreamDrift.TestSupport;

namespace StreamDrift.Cli.Tests;

/// <summary>
/// <c>streamdrift count</c>'s fast path (its own sockets, one per share) where it applies, and the library's
/// path, with the same counts, wherever it does not.
/// </summary>
public class CountDirectTests
{
    private static readonly TimeSpan CliTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Count_OfALargeStandaloneDb_RunsOnDirectSockets_ExactAsTheLibrarysScriptCursor_ForPrefixesLayoutsAndAnAclUser()
    {
        await using var server = await RedisServer.StartAsync("--enable-debug-command", "yes");
        await PopulateAsync(server, 3, 60_000, "PHPREDIS_SESSION");
        await PopulateAsync(server, 3, 20_000, "sess");
        await PopulateAsync(server, 3, 30_000, "other");
        await using (var connection = await server.ConnectAsync())
        {
            var db = connection.GetDatabase(3);
            for (var i = 0; i < 3_000; i++)
            {
                await db.StringSetAsync($"PHPREDIS_SESSION:{i}_LOCK", "1", flags: StackExchange.Redis.CommandFlags.FireAndForget);
            }
            await db.StringSetAsync("sess", "no colon: not under the prefix");
            await connection.GetServers()[0].ExecuteAsync("ACL", "SETUSER", "counter", "on", ">c0unt-pw", "~*", "-@all", "+scan", "+info", "+dbsize", "+select",
                "+ping", "+echo", "+client|setname", "+client|id", "+cluster|nodes", "+cluster|slots", "+config|get");
        }
        var asUser = $"{server.Endpoint},user=counter,password=c0unt-pw";

        var layout = await CountAsync(server.Endpoint, "--db", "3", "--layout", "php", "--page-size", "500");
        var prefixes = await CountAsync(asUser, "--db", "3", "--prefix", "sess:", "--prefix", "PHPREDIS_SESSION:", "--exclude", "PHPREDIS_SESSION:*_LOCK", "--shares", "8");
        var oneCursor = await CountAsync(server.Endpoint, "--db", "3", "--layout", "php", "--shares", "1");

        Assert.Equal(60_000, layout.GetProperty("count").GetInt64());
        Assert.Equal("scan", layout.GetProperty("mode").GetString());
        Assert.Equal("plain SCAN over 4 shares side by side, direct sockets", layout.GetProperty("fallbackReason").GetString());
        var node = layout.GetProperty("nodes")[0];
        Assert.Equal(server.Endpoint, node.GetProperty("node").GetString());
        Assert.Equal("primary", node.GetProperty("role").GetString());
        Assert.Equal(4, node.GetProperty("shares").GetInt32());
        Assert.Equal(3, layout.GetProperty("db").GetInt32());
        Assert.Equal(80_000, prefixes.GetProperty("count").GetInt64());
        Assert.Equal("plain SCAN over 8 shares side by side, direct sockets", prefixes.GetProperty("fallbackReason").GetString());
        Assert.DoesNotContain("c0unt", prefixes.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(60_000, oneCursor.GetProperty("count").GetInt64());
        Assert.Equal("script", oneCursor.GetProperty("mode").GetString());
    }

    [Fact]
    public async Task Count_WithAWrongPassword_SaysWhatTheLibrarysPathSays()
    {
        await using var server = await RedisServer.StartAsync("--enable-debug-command", "yes");
        await PopulateAsync(server, 0, 70_000, "sess");
        await using (var connection = await server.ConnectAsync())
        {
            await connection.GetServers()[0].ExecuteAsync("ACL", "SETUSER", "counter", "on", ">c0unt-pw", "~*", "+@all");
            // Otherwise a refused AUTH leaves the connection as the default user, who may count.
            await connection.GetServers()[0].ExecuteAsync("ACL", "SETUSER", "default", "off");
        }
        var wrong = $"{server.Endpoint},user=counter,password=not-it";

        var fast = await CountProcessTests.RunAsync("count", "--redis", wrong, "--prefix", "sess:");
        var library = await CountProcessTests.RunAsync("count", "--redis", wrong, "--prefix", "sess:", "--shares", "1");

        Assert.NotEqual(0, fast.ExitCode);
        Assert.Equal(library.ExitCode, fast.ExitCode);
        Assert.Equal("", fast.StandardOutput);
        var line = Assert.Single(fast.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(library.StandardError, fast.StandardError);
        Assert.StartsWith($"streamdrift: cannot connect to Redis at {server.Endpoint}", line, StringComparison.Ordinal);
        Assert.DoesNotContain("not-it", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Count_OnAReplicaEndpoint_TakesTheLibrarysPath_AsBefore()
    {
        await using var primary = await RedisServer.StartAsync("--enable-debug-command", "yes");
        await PopulateAsync(primary, 0, 70_000, "sess");
        await using var replica = await RedisServer.StartAsync("--replicaof", "127.0.0.1", primary.Port.ToString(CultureInfo.InvariantCulture));
        await Eventually.Until(
            async () => (await RedisCli.RunAsync(CliTimeout, "-p", replica.Port.ToString(CultureInfo.InvariantCulture), "DBSIZE")).Trim() == "70000",
            Eventually.DefaultDeadline, "the replica never synced");

        var fast = await CountProcessTests.RunAsync("count", "--redis", replica.Endpoint, "--prefix", "sess:", "--json");
        var library = await CountProcessTests.RunAsync("count", "--redis", replica.Endpoint, "--prefix", "sess:", "--json", "--shares", "1");

        // The library's path, as with one cursor: it finds no primary behind a lone replica endpoint.
        Assert.Equal(library.ExitCode, fast.ExitCode);
        Assert.Equal(library.StandardOutput, fast.StandardOutput);
        Assert.Equal(library.StandardError, fast.StandardError);
        Assert.DoesNotContain("direct sockets", fast.StandardOutput + fast.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Count_OnOneClusterSeed_TakesTheLibrarysPath_WithTheRightCount()
    {
        await using var cluster = await RedisCluster.StartAsync(3, "--cluster-node-timeout", "30000");
        await using (var connection = await cluster.ConnectAsync())
        {
            // Enough for every node to hold more than the shares' minimum: only its mode keeps it off the fast path.
            await ClusterFiller.FillAsync(connection, "sess:", 240_000);
            await ClusterFiller.FillAsync(connection, "cache:", 30_000);
        }

        var json = await CountAsync(cluster.Nodes[0].Endpoint, "--prefix", "sess:");

        Assert.Equal(240_000, json.GetProperty("count").GetInt64());
        Assert.Equal(3, json.GetProperty("servers").GetInt32());
        Assert.All(json.GetProperty("nodes").EnumerateArray(), n => Assert.InRange(n.GetProperty("count").GetInt64(), 65_536, 240_000));
        Assert.Equal("script", json.GetProperty("mode").GetString());
    }

    private static async Task<JsonElement> CountAsync(string redis, params string[] flags)
    {
        var output = new StringWriter();
        Assert.Equal(0, await CountCommand.RunAsync(["--redis", redis, "--json", .. flags], output));
        using var json = JsonDocument.Parse(output.ToString());
        return json.RootElement.Clone();
    }

    private static Task<string> PopulateAsync(RedisServer server, int database, int keys, string prefix) =>
        RedisCli.RunAsync(CliTimeout, "-p", server.Port.ToString(CultureInfo.InvariantCulture), "-n", database.ToString(CultureInfo.InvariantCulture),
            "DEBUG", "POPULATE", keys.ToString(CultureInfo.InvariantCulture), prefix);
}
