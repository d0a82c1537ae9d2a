using StreamDrift.Core.Signals;

namespace StreamDrift.Redis.Tests;

public class InfoParserTests
{
    private const string Info = """
        # Server
        redis_version:7.0.15
        # Clients
        connected_clients:12
        maxclients:10000
        # Memory
        used_memory:1048576
        maxmemory:4194304
        maxmemory_policy:allkeys-lru
        # Stats
        instantaneous_ops_per_sec:321
        rejected_connections:4
        expired_keys:100
        evicted_keys:50
        # Replication
        role:master
        # Errorstats
        errorstat_ERR:count=3
        errorstat_READONLY:count=40
        # Keyspace
        db0:keys=10,expires=2,avg_ttl=0
        db3:keys=900,expires=800,avg_ttl=1000
        """;

    [Fact]
    public void Parse_ReadsTheFieldsOfTheWatchedDb()
    {
        var at = DateTimeOffset.UnixEpoch;
        var health = InfoParser.Parse(Info, 3, at);

        Assert.Equal(900, health.DbKeys);
        Assert.Equal(800, health.DbExpires);
        Assert.Equal(12, health.ConnectedClients);
        Assert.Equal(10000, health.MaxClients);
        Assert.Equal(1048576, health.UsedMemoryBytes);
        Assert.Equal(0.25, health.MemoryUsedRatio);
        Assert.True(health.EvictsAnyKey);
        Assert.Equal(321, health.InstantaneousOpsPerSecond);
        Assert.Equal("master", health.Role);
        Assert.Equal(50, health.EvictedKeysTotal);
        Assert.Equal(40, health.ReadOnlyErrorsTotal);
    }

    [Fact]
    public void ReadOnlyErrors_FromAnErrorstatsSection_ZeroWhenNoneWereRefused()
    {
        Assert.Equal(40, InfoParser.ReadOnlyErrors("# Errorstats\r\nerrorstat_ERR:count=3\r\nerrorstat_READONLY:count=40\r\n"));
        Assert.Equal(0, InfoParser.ReadOnlyErrors("# Errorstats\r\nerrorstat_ERR:count=3\r\n"));
    }

    [Fact]
    public void Parse_AnAbsentDbLineMeansAnEmptyDb() =>
        Assert.Equal(0, InfoParser.Parse(Info, 5, DateTimeOffset.UnixEpoch).DbKeys);

    [Fact]
    public void WithRates_TurnsCountersIntoPerSecondRates_AndNeverGoesNegative()
    {
        var earlier = new RedisHealth { SampledAt = DateTimeOffset.UnixEpoch, EvictedKeysTotal = 10, ExpiredKeysTotal = 500, RejectedConnectionsTotal = 0 };
        var now = InfoParser.Parse(Info, 0, DateTimeOffset.UnixEpoch.AddSeconds(2));

        var rated = InfoParser.WithRates(now, earlier);

        Assert.Equal(20, rated.EvictedKeysPerSecond);
        Assert.Equal(0, rated.ExpiredKeysPerSecond); // 500 -> 100: a restart or RESETSTAT, not a negative rate
        Assert.Equal(2, rated.RejectedConnectionsPerSecond);
        Assert.Equal(20, rated.ReadOnlyErrorsPerSecond);
    }
}
