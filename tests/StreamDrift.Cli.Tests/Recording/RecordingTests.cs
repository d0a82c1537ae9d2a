using StreamDrift.Cli.Recording;
using StreamDrift.Core.Samples;
using StreamDrift.Core.Signals;

namespace StreamDrift.Cli.Tests.Recording;

public class RecordingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static StoreSnapshot Snapshot(int second, long keys) => new()
    {
        StoreId = "eu",
        At = T0.AddSeconds(second),
        SessionKeys = keys,
        Events = new SessionEventCounts(New: 10, Set: 20, HSet: 0, Del: 1, Expired: 2, Evicted: 3, Expire: 4, Persist: 0, RenamedIn: 0, RenamedOut: 0, Other: 1),
        Health = new RedisHealth
        {
            SampledAt = T0.AddSeconds(second),
            EvictedKeysPerSecond = 1.5,
            UsedMemoryBytes = 1_000,
            MaxMemoryBytes = 2_000,
            MaxMemoryPolicy = "allkeys-lru",
            Role = "master",
            DbKeys = 500,
        },
        Ttl = new TtlSummary(T0, 100, 3, 10, double.NaN, 1700, 1800),
        LastReconcile = new ReconcileResult(T0, 100, 103, 2, 1, TimeSpan.FromMilliseconds(250), "periodic"),
        SubscriptionGaps = 1,
        RedisReachable = true,
    };

    private static ActiveUsersSample Users(int second, long users) => new("eu", "shopify", users, 300, T0.AddSeconds(second), Orders: second % 2 == 0 ? 4 : null);

    [Fact]
    public async Task WriterAndReader_RoundTripBothKinds_InEventTimeOrder()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rec-{Guid.NewGuid():N}.jsonl");
        try
        {
            await using (var writer = new RecordingWriter(path, TimeSpan.FromSeconds(10)))
            {
                await writer.AppendAsync(Snapshot(1, 100));
                await writer.AppendAsync(Snapshot(2, 101));
                await writer.AppendAsync(Users(0, 95));   // late, within the horizon: moved before the snapshots
                await writer.AppendAsync(Snapshot(3, 102));
                await writer.AppendAsync(Users(3, 96));
            }

            var entries = new List<RecordingEntry>();
            await foreach (var entry in RecordingReader.ReadAsync(path))
            {
                entries.Add(entry);
            }

            Assert.Equal(["users", "snapshot", "snapshot", "snapshot", "users"], entries.Select(e => e.Type));
            Assert.Equal(Users(0, 95), entries[0].Users);
            Assert.Equal(Snapshot(1, 100), entries[1].Snapshot);
            Assert.Equal(Snapshot(3, 102), entries[3].Snapshot);
            Assert.Equal(Users(3, 96), entries[4].Users);
            Assert.StartsWith("{\"type\":\"users\",\"storeId\":\"eu\"", File.ReadLines(path).First(), StringComparison.Ordinal);
            Assert.DoesNotContain("\"writes\"", File.ReadAllText(path), StringComparison.Ordinal); // computed, not stored
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Writer_WritesASampleLaterThanTheHorizonWhereItArrived()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rec-{Guid.NewGuid():N}.jsonl");
        try
        {
            await using (var writer = new RecordingWriter(path, TimeSpan.FromSeconds(5)))
            {
                await writer.AppendAsync(Snapshot(1, 100));
                await writer.AppendAsync(Snapshot(20, 101));
                await writer.AppendAsync(Snapshot(40, 102)); // releases everything up to second 35
                await writer.AppendAsync(Users(2, 95));      // 38 s late: beyond the horizon
            }

            var seconds = File.ReadAllLines(path).Select(l => RecordingJson.Parse(l, 0).EventTime.Second).ToList();
            // Written at arrival, after what had already left the buffer: replay meets it as late as the live run did.
            Assert.Equal([1, 20, 2, 40], seconds);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("{\"type\":\"window\"}", "recording line 7: type must be \"snapshot\" or \"users\", not \"window\"")]
    [InlineData("not json", "recording line 7: ")]
    [InlineData("{\"type\":\"snapshot\",\"storeId\":\"eu\"}", "recording line 7: ")]
    public void Parse_NamesTheLineOfABadEntry(string line, string expectedStart)
    {
        var e = Assert.Throws<InvalidDataException>(() => RecordingJson.Parse(line, 7));
        Assert.StartsWith(expectedStart, e.Message, StringComparison.Ordinal);
    }
}
