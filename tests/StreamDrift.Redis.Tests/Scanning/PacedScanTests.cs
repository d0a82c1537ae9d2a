using StackExchange.Redis;
using StreamDrift.Redis.Scanning;
using StreamDrift.TestSupport;

namespace StreamDrift.Redis.Tests.Scanning;

public class PacedScanTests
{
    [Fact]
    public async Task PacedScan_OnARealServer_SizesPagesFromTheServersOwnTime_AndCountsExactly()
    {
        await using var server = await RedisServer.StartAsync();
        await using var connection = await server.ConnectAsync();
        var db = connection.GetDatabase();
        var batch = db.CreateBatch();
        var writes = new List<Task>();
        for (var i = 0; i < 20_000; i++)
        {
            writes.Add(batch.StringSetAsync($"sess:{i}", "x"));
            writes.Add(batch.StringSetAsync($"cache:{i}", "x"));
        }
        batch.Execute();
        await Task.WhenAll(writes);
        var redis = connection.GetServers()[0];

        async Task<(ScanTally Tally, PageTimeHistogram Times, List<RedisKey> Sample)> ScanAsync(TimeSpan target)
        {
            var pacer = new ScanPacer(new ScanPacing { TargetPageTime = target, DutyCycle = 0.5, InitialCount = 10 });
            var times = new PageTimeHistogram();
            var sample = new List<RedisKey>();
            var tally = await PacedScan.RunAsync(
                new ServerPageScanner(redis, 0, TimeProvider.System), "sess:", pacer, TimeProvider.System, new PacedScanSinks(times, null, 100, sample.Add));
            return (tally, times, sample);
        }

        var small = await ScanAsync(TimeSpan.FromMicroseconds(100));
        var large = await ScanAsync(TimeSpan.FromMilliseconds(10));

        Assert.Equal(20_000, small.Tally.Keys);
        Assert.Equal(20_000, large.Tally.Keys);
        // Every page was timed by the server itself and recorded.
        Assert.Equal(small.Tally.Pages, small.Times.Count);
        Assert.Equal(large.Tally.Pages, large.Times.Count);
        // A hundredfold larger page budget takes the same keyspace in far fewer server steps.
        Assert.True(small.Tally.Pages > 2 * large.Tally.Pages, $"{small.Tally.Pages} pages at 100 µs, {large.Tally.Pages} at 10 ms");
        // One key in a hundred comes back for the TTL sample.
        Assert.InRange(small.Sample.Count, 100, 300);
        Assert.All(small.Sample, k => Assert.StartsWith("sess:", k.ToString(), StringComparison.Ordinal));
    }
}
