using System.Text.Json;
using StreamDrift.Cli.Commands;
using StreamDrift.TestSupport;

namespace StreamDrift.Cli.Tests;

public class CountCommandTests
{
    [Fact]
    public async Task Count_OnOneMillionSessionKeysAmongOneMillionOthers_IsExact()
    {
        await using var server = await RedisServer.StartAsync("--enable-debug-command", "yes");
        await using (var connection = await server.ConnectAsync())
        {
            var admin = connection.GetServers()[0];
            // DEBUG POPULATE writes "<prefix>:<n>", so these are "sess::0".."sess::999999" and "other::0"...
            await admin.ExecuteAsync("DEBUG", "POPULATE", "1000000", "sess:", "8");
            await admin.ExecuteAsync("DEBUG", "POPULATE", "1000000", "other", "8");
            var db = connection.GetDatabase();
            await db.StringSetAsync("sess:", "the bare prefix is a session key too");
            await db.StringSetAsync("sess", "no colon: not under the prefix");
            await db.StringSetAsync("Sess:1", "case matters");
            await db.StringSetAsync("xsess:1", "prefix, not substring");
            Assert.Equal(2_000_004, await admin.DatabaseSizeAsync());
        }

        var output = new StringWriter();
        var exit = await CountCommand.RunAsync(["--redis", server.Endpoint, "--prefix", "sess:", "--json"], output);

        Assert.Equal(0, exit);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        using var json = JsonDocument.Parse(lines[0]);
        Assert.Equal(1_000_001, json.RootElement.GetProperty("count").GetInt64());
        Assert.Equal(1_000_001, json.RootElement.GetProperty("scanned").GetInt64());
        Assert.True(json.RootElement.GetProperty("elapsedMs").GetDouble() > 0);
    }

    [Fact]
    public async Task Count_WithSeveralAndOverlappingPrefixes_CountsEveryKeyOnce_InTheChosenDb()
    {
        await using var server = await RedisServer.StartAsync();
        await using (var connection = await server.ConnectAsync())
        {
            var db = connection.GetDatabase(3);
            for (var i = 0; i < 300; i++)
            {
                await db.StringSetAsync($"sess:{i}", "x");
                await db.StringSetAsync($"PHPREDIS_SESSION:{i}", "x");
                await db.StringSetAsync($"cache:{i}", "x");
            }
            await connection.GetDatabase(0).StringSetAsync("sess:elsewhere", "x");
        }

        var output = new StringWriter();
        var exit = await CountCommand.RunAsync(
            ["--redis", server.Endpoint, "--db", "3", "--prefix", "sess:", "--prefix", "sess:1", "--prefix", "PHPREDIS_SESSION:", "--page-size", "50"], output);

        Assert.Equal(0, exit);
        Assert.Equal("600", output.ToString().Trim());
    }

    [Fact]
    public async Task Count_Json_SaysItCountedOnTheServer_OrByPlainScanWhenAnAclRefusesScripting()
    {
        await using var server = await RedisServer.StartAsync();
        await using (var connection = await server.ConnectAsync())
        {
            for (var i = 0; i < 250; i++)
            {
                await connection.GetDatabase().StringSetAsync($"sess:{i}", "x");
                await connection.GetDatabase().StringSetAsync($"cache:{i}", "x");
            }
            await connection.GetServers()[0].ExecuteAsync("ACL", "SETUSER", "noscript", "on", ">s3cr3t-pw", "~*", "-@all", "+scan", "+info", "+ping",
                "+echo", "+select", "+client|setname", "+client|id", "+cluster|nodes", "+cluster|slots", "+config|get");
        }

        async Task<JsonElement> CountAsync(string redis)
        {
            var output = new StringWriter();
            Assert.Equal(0, await CountCommand.RunAsync(["--redis", redis, "--prefix", "sess:", "--json", "--page-size", "20"], output));
            using var json = JsonDocument.Parse(output.ToString());
            return json.RootElement.Clone();
        }

        var script = await CountAsync(server.Endpoint);
        var plain = await CountAsync($"{server.Endpoint},user=noscript,password=s3cr3t-pw");

        Assert.Equal(250, script.GetProperty("count").GetInt64());
        Assert.Equal("script", script.GetProperty("mode").GetString());
        Assert.False(script.TryGetProperty("fallbackReason", out _));
        Assert.Equal(250, plain.GetProperty("count").GetInt64());
        Assert.Equal("scan", plain.GetProperty("mode").GetString());
        Assert.Contains("NOPERM", plain.GetProperty("fallbackReason").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", plain.GetRawText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--prefix", "sess:")]
    [InlineData("--redis", "127.0.0.1:6379")]
    [InlineData("--redis", "127.0.0.1:6379", "--prefix", "sess:", "--db", "-1")]
    [InlineData("--redis", "127.0.0.1:6379", "--prefix", "")]
    [InlineData("--redis", "127.0.0.1:6379", "--prefix", "sess:", "--frobnicate")]
    [InlineData("--redis")]
    [InlineData("--redis", "127.0.0.1:6379", "--prefix", "sess:", "--shares", "3")]
    [InlineData("--redis", "127.0.0.1:6379", "--prefix", "sess:", "--shares", "32")]
    public void Parse_BadArguments_AreOneLineUsageErrors(params string[] args)
    {
        var error = Assert.Throws<UsageException>(() => CountOptions.Parse(args));

        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Parse_ReadsEveryOption()
    {
        var options = CountOptions.Parse(["--redis", "h:1", "--redis", "h:2", "--replicas", "--db", "2", "--prefix", "a:", "--prefix", "b:", "--json", "--page-size", "2000", "--watch", "1500ms", "--no-script", "--shares", "8"]);

        Assert.Equal(["h:1", "h:2"], options.Redis);
        Assert.True(options.Replicas);
        Assert.Equal(2, options.Database);
        Assert.Equal(["a:", "b:"], options.Prefixes);
        Assert.True(options.Json);
        Assert.Equal(2000, options.PageSize);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), options.Watch);
        Assert.True(options.NoScript);
        Assert.Equal(8, options.Shares);
    }

    [Fact]
    public async Task Count_OfALargeStandaloneDb_RunsFourSharesOfPlainScan_ExactAsOneScriptCursor()
    {
        await using var server = await RedisServer.StartAsync("--enable-debug-command", "yes");
        await using (var connection = await server.ConnectAsync())
        {
            await connection.GetServers()[0].ExecuteAsync("DEBUG", "POPULATE", 70_000, "sess");
            await connection.GetServers()[0].ExecuteAsync("DEBUG", "POPULATE", 30_000, "cache");
        }

        async Task<JsonElement> CountAsync(params string[] flags)
        {
            var output = new StringWriter();
            Assert.Equal(0, await CountCommand.RunAsync(["--redis", server.Endpoint, "--prefix", "sess:", "--json", "--page-size", "500", .. flags], output));
            using var json = JsonDocument.Parse(output.ToString());
            return json.RootElement.Clone();
        }

        var shared = await CountAsync();
        var one = await CountAsync("--shares", "1");

        Assert.Equal(70_000, shared.GetProperty("count").GetInt64());
        Assert.Equal("scan", shared.GetProperty("mode").GetString());
        Assert.Equal(4, shared.GetProperty("nodes")[0].GetProperty("shares").GetInt32());
        Assert.Contains("4 shares", shared.GetProperty("fallbackReason").GetString(), StringComparison.Ordinal);
        Assert.Equal(70_000, one.GetProperty("count").GetInt64());
        Assert.Equal("script", one.GetProperty("mode").GetString());
        Assert.Equal(1, one.GetProperty("nodes")[0].GetProperty("shares").GetInt32());
    }
}
