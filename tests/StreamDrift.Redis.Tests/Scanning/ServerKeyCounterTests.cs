using StackExchange.Redis;
using StreamDrift.Redis.Scanning;
using StreamDrift.TestSupport;

namespace StreamDrift.Redis.Tests.Scanning;

public class ServerKeyCounterTests
{
    private static async Task WriteKeysAsync(IDatabase db, string prefix, int count)
    {
        var batch = db.CreateBatch();
        var writes = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            writes.Add(batch.StringSetAsync($"{prefix}{i}", "x"));
        }
        batch.Execute();
        await Task.WhenAll(writes);
    }

    private static async Task<long> CommandCallsAsync(IServer server, string command)
    {
        var stats = await server.InfoAsync("commandstats");
        var line = stats.SelectMany(g => g).SingleOrDefault(p => p.Key == $"cmdstat_{command}");
        return line.Value is null ? 0 : long.Parse(line.Value.Split(',')[0]["calls=".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Count_WithScripting_IsExact_OneScanPagePerServerStep_TimedByTheServer()
    {
        await using var server = await RedisServer.StartAsync();
        await using var connection = await server.ConnectAsync();
        var db = connection.GetDatabase(1);
        await WriteKeysAsync(db, "sess:", 3000);
        await WriteKeysAsync(db, "PHPREDIS_SESSION:", 2000);
        await WriteKeysAsync(db, "cache:", 4000);
        var redis = connection.GetServers()[0];
        await redis.ExecuteAsync("CONFIG", "RESETSTAT");

        var scanner = new ServerPageScanner(redis, 1, TimeProvider.System);
        var count = await ServerKeyCounter.CountAsync(scanner, ["sess:", "PHPREDIS_SESSION:"], 200);

        Assert.Equal(5000, count.Keys);
        Assert.Equal(ScanMode.Script, count.Mode);
        Assert.Null(count.FallbackReason);
        Assert.True(count.ServerTime > TimeSpan.Zero);
        // Bounded: each server step ran exactly one SCAN page of the asked COUNT, never a loop of them.
        Assert.Equal(count.Pages, await CommandCallsAsync(redis, "evalsha"));
        Assert.Equal(count.Pages, await CommandCallsAsync(redis, "scan"));
        Assert.True(count.Pages >= 2 * 9000 / 200 / 2, $"{count.Pages} pages of COUNT 200 over 9000 keys, twice");
    }

    [Fact]
    public async Task Count_ScriptingRefusedByAcl_FallsBackToPlainScan_WithTheSameCount_AndSaysWhy()
    {
        await using var server = await RedisServer.StartAsync();
        await using (var admin = await server.ConnectAsync())
        {
            await WriteKeysAsync(admin.GetDatabase(), "sess:", 1500);
            await WriteKeysAsync(admin.GetDatabase(), "cache:", 1500);
            await admin.GetServers()[0].ExecuteAsync("ACL", "SETUSER", "counter", "on", ">pw", "~*", "-@all", "+scan", "+info", "+ping", "+echo", "+select",
                "+client|setname", "+client|id", "+cluster|nodes", "+cluster|slots", "+config|get");
        }
        await using var connection = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
        {
            EndPoints = { server.Endpoint }, User = "counter", Password = "pw", ConfigurationChannel = "", TieBreaker = "",
            ConnectTimeout = 20_000, AsyncTimeout = 20_000, SyncTimeout = 20_000,
        });

        var scanner = new ServerPageScanner(connection.GetServers()[0], 0, TimeProvider.System);
        var count = await ServerKeyCounter.CountAsync(scanner, ["sess:"], 100);

        Assert.Equal(1500, count.Keys);
        Assert.Equal(ScanMode.Plain, count.Mode);
        Assert.Contains("NOPERM", count.FallbackReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_WhenAnAclRefusesTime_StaysServerSide_ButIsTimedByItsRoundTrip()
    {
        await using var server = await RedisServer.StartAsync();
        await using (var admin = await server.ConnectAsync())
        {
            await WriteKeysAsync(admin.GetDatabase(), "sess:", 300);
            await admin.GetServers()[0].ExecuteAsync("ACL", "SETUSER", "notime", "on", ">pw", "~*", "-@all", "+scan", "+evalsha", "+script|load",
                "+info", "+ping", "+echo", "+select", "+client|setname", "+client|id", "+cluster|nodes", "+cluster|slots", "+config|get");
        }
        await using var connection = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
        {
            EndPoints = { server.Endpoint }, User = "notime", Password = "pw", ConfigurationChannel = "", TieBreaker = "",
            ConnectTimeout = 20_000, AsyncTimeout = 20_000, SyncTimeout = 20_000,
        });
        var scanner = new ServerPageScanner(connection.GetServers()[0], 0, TimeProvider.System);

        var page = await scanner.NextPageAsync(0, "sess:*", 10_000);

        Assert.Equal(ScanMode.Script, scanner.Mode);
        Assert.Equal(300, page.Matches);
        Assert.False(page.ServerTimed);
        Assert.True(page.Elapsed > TimeSpan.Zero, "a page that took no time would let the pacer grow pages without bound");
    }

    [Fact]
    public async Task Count_AfterTheScriptCacheIsFlushed_ReloadsTheScript_AndStaysServerSide()
    {
        await using var server = await RedisServer.StartAsync();
        await using var connection = await server.ConnectAsync();
        await WriteKeysAsync(connection.GetDatabase(), "sess:", 500);
        var redis = connection.GetServers()[0];
        var scanner = new ServerPageScanner(redis, 0, TimeProvider.System);
        Assert.Equal(500, (await ServerKeyCounter.CountAsync(scanner, ["sess:"], 1000)).Keys);

        await redis.ExecuteAsync("SCRIPT", "FLUSH");
        var again = await ServerKeyCounter.CountAsync(scanner, ["sess:"], 1000);

        Assert.Equal(500, again.Keys);
        Assert.Equal(ScanMode.Script, again.Mode);
    }

    [Fact]
    public async Task Page_SampleStride_ReturnsEveryStrideThMatch_InBothModes()
    {
        await using var server = await RedisServer.StartAsync();
        await using var connection = await server.ConnectAsync();
        await WriteKeysAsync(connection.GetDatabase(), "sess:", 100);
        await WriteKeysAsync(connection.GetDatabase(), "cache:", 100);
        var redis = connection.GetServers()[0];

        foreach (var useScript in new[] { true, false })
        {
            var scanner = new ServerPageScanner(redis, 0, TimeProvider.System, useScript);
            var page = await scanner.NextPageAsync(0, "sess:*", 10_000, sampleStride: 7, sampleOffset: 3);

            Assert.True(page.IsLast);
            Assert.Equal(100, page.Matches);
            Assert.Equal(14, page.Sample.Length); // matches 4, 11, ..., 95 (1-based)
            Assert.All(page.Sample, k => Assert.StartsWith("sess:", k.ToString(), StringComparison.Ordinal));
            Assert.Equal(useScript, page.ServerTimed);
        }
    }

    [Fact]
    public async Task PlainPage_SampleIf_TakesNamesOnlyForThePagesItWants_AndCountsEveryPage()
    {
        await using var server = await RedisServer.StartAsync();
        await using var connection = await server.ConnectAsync();
        await WriteKeysAsync(connection.GetDatabase(3), "sess:", 300);
        var redis = connection.GetServers()[0];
        var scanner = new ServerPageScanner(redis, 3, TimeProvider.System, useScript: false);

        var seen = new List<RedisValue>();
        var none = await scanner.NextPageAsync(0, "sess:*", 10_000, 1, 0, next => { seen.Add(next); return false; });
        var all = await scanner.NextPageAsync(0, "sess:*", 10_000, 1, 0, next => true);

        Assert.Equal([(RedisValue)0], seen); // asked with the page's next cursor: the pass ends in one page
        Assert.Equal(300, none.Matches);
        Assert.Empty(none.Sample);
        Assert.Equal(300, all.Matches);
        Assert.Equal(Enumerable.Range(0, 300).Select(i => $"sess:{i}").Order(StringComparer.Ordinal), all.Sample.Select(k => k.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task PlainPage_KeyNamesLongerThanAReceiveBuffer_AreCountedAndSampledWhole()
    {
        // Names of 20,000 bytes cross the client's receive buffers, so some are read from two segments.
        await using var server = await RedisServer.StartAsync();
        await using var connection = await server.ConnectAsync();
        var db = connection.GetDatabase();
        var names = Enumerable.Range(0, 40).Select(i => $"sess:{i}:" + new string((char)('a' + (i % 26)), 20_000)).ToList();
        foreach (var name in names)
        {
            await db.StringSetAsync(name, "x");
        }
        await WriteKeysAsync(db, "cache:", 50);
        var rules = StreamDrift.Core.Layouts.SessionKeyRules.Create(["sess:"], ["sess:1*"], 0);
        var scanner = new ServerPageScanner(connection.GetServers()[0], 0, TimeProvider.System, useScript: false, rules: rules);

        var page = await scanner.NextPageAsync(0, "sess:*", 10_000, sampleStride: 1);

        var sessions = names.Where(n => !n.StartsWith("sess:1", StringComparison.Ordinal)).ToList();
        Assert.True(page.IsLast);
        Assert.Equal(sessions.Count, page.Matches);
        Assert.Equal(sessions.Order(StringComparer.Ordinal), page.Sample.Select(k => k.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Script_ExclusionPatterns_LeaveKeysUnderThePrefixThatAreNotSessions_Uncounted()
    {
        // The script's contract for session layouts with non-session keys under the prefix (phpredis lock keys).
        await using var server = await RedisServer.StartAsync();
        await using var connection = await server.ConnectAsync();
        var db = connection.GetDatabase();
        await WriteKeysAsync(db, "PHPREDIS_SESSION:", 50);
        for (var i = 0; i < 20; i++)
        {
            await db.StringSetAsync($"PHPREDIS_SESSION:{i}_LOCK", "1");
        }
        var redis = connection.GetServers()[0];
        var sha = (string)(await redis.ExecuteAsync("SCRIPT", "LOAD", CountPageScript.Source))!;

        var reply = (RedisResult[])(await redis.ExecuteAsync(0, "EVALSHA", [sha, 0, 0, 10_000, "PHPREDIS_SESSION:*", 0, 0, "_LOCK$"], CommandFlags.None))!;

        Assert.Equal("0", reply[0].ToString());
        Assert.Equal(50, (long)reply[1]);
    }

    [Theory]
    [InlineData(2, 1000)]
    [InlineData(4, 1000)]
    [InlineData(16, 300)]
    [InlineData(4, 200_000)]
    public async Task Count_WithSharesSideBySide_IsExact_KeysAtTheSharesEdgesCountedOnce(int shares, int pageSize)
    {
        // SCAN does not stop at a share's edge, so without settling the edges by name every share but the last
        // would add the next share's first keys (about 1 % over at 4 shares of COUNT 1000 here; three quarters
        // over when one page of 200,000 covers every share).
        await using var server = await RedisServer.StartAsync("--enable-debug-command", "yes");
        await using var connection = await server.ConnectAsync();
        var redis = connection.GetServers()[0];
        await redis.ExecuteAsync("DEBUG", "POPULATE", 120_000, "sess");
        await redis.ExecuteAsync("DEBUG", "POPULATE", 80_000, "cache");

        var scanner = new ServerPageScanner(redis, 0, TimeProvider.System, useScript: false);
        var count = await ServerKeyCounter.CountAsync(scanner, ["sess:"], pageSize, shares);

        Assert.Equal(120_000, count.Keys);
        Assert.Equal(shares, count.Shares);
        Assert.Equal(ScanMode.Plain, count.Mode);
    }

    [Fact]
    public async Task Count_WithShares_AndKeyRules_CountsOnlySessions_Once()
    {
        await using var server = await RedisServer.StartAsync("--enable-debug-command", "yes");
        await using var connection = await server.ConnectAsync();
        var redis = connection.GetServers()[0];
        await redis.ExecuteAsync("DEBUG", "POPULATE", 100_000, "sess");
        var rules = StreamDrift.Core.Layouts.SessionKeyRules.Create(["sess:"], ["sess:7*"], 0);
        var expected = Enumerable.Range(0, 100_000).Count(i => !i.ToString(System.Globalization.CultureInfo.InvariantCulture).StartsWith('7'));

        var scanner = new ServerPageScanner(redis, 0, TimeProvider.System, useScript: false, rules: rules);
        var count = await ServerKeyCounter.CountAsync(scanner, ["sess:"], 1000, shares: 8);

        Assert.Equal(expected, count.Keys);
    }

    [Fact]
    public async Task Shares_OnlyOnAStandaloneDbLargeEnoughForThem()
    {
        await using var server = await RedisServer.StartAsync("--enable-debug-command", "yes");
        await using var connection = await server.ConnectAsync();
        var redis = connection.GetServers()[0];
        await redis.ExecuteAsync("DEBUG", "POPULATE", 1000, "sess");

        var (small, reason) = await ScanShares.ForServerAsync(redis, 0, 4);
        await redis.ExecuteAsync("DEBUG", "POPULATE", ScanShares.MinimumKeys, "more");
        var (large, none) = await ScanShares.ForServerAsync(redis, 0, 4);

        Assert.Equal(1, small);
        Assert.Contains("1000 keys", reason, StringComparison.Ordinal);
        Assert.Equal(4, large);
        Assert.Null(none);
        await Assert.ThrowsAsync<ArgumentException>(() => ServerKeyCounter.CountAsync(new ServerPageScanner(redis, 0, TimeProvider.System), ["sess:"], 100, shares: 2));
    }
}
