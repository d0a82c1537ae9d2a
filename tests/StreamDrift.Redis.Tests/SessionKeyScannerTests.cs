using StackExchange.Redis;
using StreamDrift.Redis.Scanning;
using StreamDrift.TestSupport;

namespace StreamDrift.Redis.Tests;

public class SessionKeyScannerTests
{
    [Fact]
    public async Task Scan_CountsExactlyTheKeysUnderALiteralPrefix_EvenWithGlobCharacters()
    {
        await using var server = await RedisServer.StartAsync();
        await using var connection = await server.ConnectAsync();
        var db = connection.GetDatabase(2);
        var batch = db.CreateBatch();
        var writes = new List<Task>();
        for (var i = 0; i < 5000; i++)
        {
            writes.Add(batch.StringSetAsync($"s*[1]:{i}", "x"));
            writes.Add(batch.StringSetAsync($"sX[1]:{i}", "x"));  // would match an unescaped glob
            writes.Add(batch.StringSetAsync($"other:{i}", "x"));
        }
        batch.Execute();
        await Task.WhenAll(writes);

        foreach (var useScript in new[] { true, false })
        {
            var scanner = new ServerPageScanner(connection.GetServers()[0], 2, TimeProvider.System, useScript);
            var tally = await ServerKeyCounter.CountAsync(scanner, ["s*[1]:"], 100);
            var keys = new List<RedisKey>();
            await PacedScan.RunAsync(scanner, "other:", new ScanPacer(new ScanPacing { DutyCycle = 1 }), TimeProvider.System, new PacedScanSinks(null, null, 1, keys.Add));

            Assert.Equal(5000, tally.Keys);
            Assert.True(tally.Pages > 1);
            Assert.Equal(5000, keys.Distinct().Count());
        }
    }

    [Fact]
    public void MatchPattern_EscapesGlobCharacters() =>
        Assert.Equal(@"a\*b\?c\[d\]e\\f*", SessionKeyScanner.MatchPattern(@"a*b?c[d]e\f"));
}
