using StackExchange.Redis;
using StreamDrift.Core.Counting;
using StreamDrift.TestSupport;

namespace StreamDrift.Redis.Tests.Topology;

/// <summary>
/// StackExchange.Redis's multi-node <see cref="RedisChannel.KeySpacePrefix(in RedisKey, int?)"/> subscription on a
/// real 3-primary cluster when one primary's subscriber connection is dropped and comes back (issue 11): what the
/// library does on its own, and that the watcher proves and renews the pattern on that node.
/// </summary>
public class ClusterSubscriptionRecoveryTests
{
    private const string Prefix = "sess:";

    [Fact]
    public async Task Library_AfterOnePrimarysSubscriberIsKilled_DoesNotReliablySubscribeThePatternThereAgain()
    {
        // The upstream behaviour, without StreamDrift: after a kill the library re-subscribes the literal channel on
        // the node but, often (it races with its own reconnect), not the pattern, while it believes the pattern is
        // subscribed. Kill until one reconnect comes back without it. When this fails, the library is fixed
        // upstream and the SubscriptionGuard's repairs could go.
        await using var cluster = await RedisCluster.StartAsync(3);
        await using var connection = await cluster.ConnectAsync();
        var subscriber = connection.GetSubscriber();
        var channel = RedisChannel.KeySpacePrefix(Prefix, 0);
        await subscriber.SubscribeAsync(RedisChannel.Literal("probe"), (_, _) => { });
        await subscriber.SubscribeAsync(channel, (_, _) => { });
        var primaries = await cluster.PrimariesAsync();
        await Eventually.Until(async () => await PatternsOnAsync(connection, primaries) == primaries.Count, Eventually.DefaultDeadline,
            "the library subscribed the pattern on every primary");
        var victim = connection.GetServer(primaries[0]);

        var kills = 0;
        await Eventually.Until(async () =>
        {
            var before = await SubscriberIdAsync(victim, connection.ClientName);
            await victim.ExecuteAsync("CLIENT", "KILL", "TYPE", "pubsub");
            kills++;
            // The library's pass over the node is done once our subscriber is back there with the literal channel.
            // Under load it sometimes does not come back at all for a minute (seen in CI): the pattern is missing
            // there just the same, which is the bug this test pins.
            try
            {
                await Eventually.Until(async () => await SubscriberIdAsync(victim, connection.ClientName) is { } id && id != before
                    && await ChannelsOnAsync(victim, connection.ClientName) == 1, TimeSpan.FromSeconds(20), "our subscriber back on the killed node");
            }
            catch (Xunit.Sdk.FailException)
            {
                return subscriber.IsConnected(channel) && await SubscriptionVerifier.PatternSubscriptionsAsync(victim, connection.ClientName) == 0;
            }
            return subscriber.IsConnected(channel)
                && await SubscriptionVerifier.PatternSubscriptionsAsync(victim, connection.ClientName) == 0
                && await PatternsOnAsync(connection, primaries) == primaries.Count - 1;
        }, TimeSpan.FromSeconds(60), () => $"the library subscribed the pattern again after each of {kills} kills: upstream fixed?");
    }

    [Fact]
    public async Task Watcher_AfterOnePrimarysSubscriberIsKilled_ThatPrimaryIsSubscribedAgain_AndItsKeysAreCountedFromEvents()
    {
        await using var cluster = await RedisCluster.StartAsync(3);
        await using var connection = await cluster.ConnectAsync();
        await using var admin = await cluster.ConnectAsync();
        var log = new CapturingLogger<StoreWatcher>();
        await using var watcher = await StoreWatcher.StartAsync(connection,
            WatcherFactory.Options(Prefix, o => o.SubscriptionCheckInterval = TimeSpan.FromMilliseconds(200)), TimeProvider.System, log);
        await Eventually.Until(() => watcher.LastReconcile is not null, Eventually.DefaultDeadline, "watcher.LastReconcile is not null");
        var primaries = await cluster.PrimariesAsync();
        var db = admin.GetDatabase();
        await WriteAsync(db, "sess:a:", 300);
        await ClusterTruth.UntilMatchesAsync(watcher, cluster, Prefix, log);

        var victim = admin.GetServer(primaries[0]);
        await victim.ExecuteAsync("CLIENT", "KILL", "TYPE", "pubsub");

        await Eventually.Until(async () => watcher.SubscriptionVerified
            && await SubscriptionVerifier.PatternSubscriptionsAsync(victim, connection.ClientName) == 1, Eventually.DefaultDeadline,
            () => $"the killed primary lists our pattern again; {string.Join("\n", log.Lines.TakeLast(20))}");
        Assert.True(watcher.GetMetrics().Gaps >= 1);

        // Keys over every slot, so about a third land on the killed primary: events, not a scan (the schedule is an
        // hour away), must bring every one of them in.
        var newBefore = watcher.Counter.EventsOf(KeyEventKind.New);
        await WriteAsync(db, "sess:b:", 300);
        await Eventually.Until(() => watcher.Counter.EventsOf(KeyEventKind.New) - newBefore == 300, Eventually.DefaultDeadline,
            () => $"new events after the kill: {watcher.Counter.EventsOf(KeyEventKind.New) - newBefore} of 300");
        await ClusterTruth.UntilMatchesAsync(watcher, cluster, Prefix, log);
    }

    private static async Task<int> PatternsOnAsync(IConnectionMultiplexer connection, IReadOnlyList<string> primaries)
    {
        var subscribed = 0;
        foreach (var primary in primaries)
        {
            if (await SubscriptionVerifier.PatternSubscriptionsAsync(connection.GetServer(primary), connection.ClientName) == 1)
            {
                subscribed++;
            }
        }
        return subscribed;
    }

    private static async Task<string?> SubscriberIdAsync(IServer server, string clientName) =>
        (await ClientLineAsync(server, clientName))?.Split(' ')[0];

    private static async Task<int> ChannelsOnAsync(IServer server, string clientName) =>
        (await ClientLineAsync(server, clientName))?.Split(' ').FirstOrDefault(f => f.StartsWith("sub=", StringComparison.Ordinal)) is { } field
            ? int.Parse(field[4..], System.Globalization.CultureInfo.InvariantCulture)
            : 0;

    private static async Task<string?> ClientLineAsync(IServer server, string clientName)
    {
        var list = (string?)await server.ExecuteAsync("CLIENT", "LIST", "TYPE", "pubsub") ?? "";
        return list.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(line => line.Contains($" name={clientName} ", StringComparison.Ordinal));
    }

    private static async Task WriteAsync(IDatabase db, string prefix, int count)
    {
        var writes = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            writes.Add(db.StringSetAsync($"{prefix}{i}", "x"));
        }
        await Task.WhenAll(writes);
    }
}
