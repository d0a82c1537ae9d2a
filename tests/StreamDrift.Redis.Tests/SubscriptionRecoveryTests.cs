using System.Diagnostics;
using StackExchange.Redis;
using StreamDrift.Core.Counting;
using StreamDrift.TestSupport;

namespace StreamDrift.Redis.Tests;

/// <summary>Issue 16, finding 2: a dropped subscriber must be subscribed again and proven, not assumed.</summary>
public class SubscriptionRecoveryTests
{
    [Fact]
    public async Task Library_AfterSubscriberKills_DoesNotReliablySubscribeTheKeySpacePrefixAgain()
    {
        // The upstream bug, shown without StreamDrift: a literal channel and a KeySpacePrefix channel on one
        // multiplexer; after CLIENT KILL TYPE pubsub the library subscribes the literal again but, often (it races
        // with its own reconnect), never the pattern. Kill until one reconnect comes back without the pattern.
        // When this fails, the library is fixed and the SubscriptionGuard's repairs could go.
        await using var server = await RedisServer.StartAsync();
        await using var connection = await server.ConnectAsync();
        await using var admin = await server.ConnectAsync();
        var subscriber = connection.GetSubscriber();
        await subscriber.SubscribeAsync(RedisChannel.Literal("probe"), (_, _) => { });
        await subscriber.SubscribeAsync(RedisChannel.KeySpacePrefix("sess:", 0), (_, _) => { });
        var redis = admin.GetServers()[0];
        await Eventually.Until(async () => await SubscriptionVerifier.PatternSubscriptionsAsync(redis, connection.ClientName) == 1, Eventually.DefaultDeadline, "the pattern subscribed at first");

        var kills = 0;
        await Eventually.Until(async () =>
        {
            var before = await SubscriberIdAsync(redis, connection.ClientName);
            await redis.ExecuteAsync("CLIENT", "KILL", "TYPE", "pubsub");
            kills++;
            // The library's resubscription pass is done once the literal channel is back on a new pubsub client of ours.
            await Eventually.Until(async () => await SubscriberIdAsync(redis, connection.ClientName) is { } id && id != before
                && ((string?)await redis.ExecuteAsync("CLIENT", "LIST", "TYPE", "pubsub") ?? "").Contains(" sub=1 ", StringComparison.Ordinal),
                Eventually.DefaultDeadline, "our subscriber back with the literal channel");
            return subscriber.IsConnected(RedisChannel.KeySpacePrefix("sess:", 0))
                && await SubscriptionVerifier.PatternSubscriptionsAsync(redis, connection.ClientName) == 0;
        }, TimeSpan.FromSeconds(60), () => $"the library subscribed the pattern again after each of {kills} kills: upstream fixed?");
    }

    [Fact]
    public async Task Watcher_AfterSubscriberKill_IsSubscribedAgainAndCountsEvents()
    {
        await using var server = await RedisServer.StartAsync();
        await using var connection = await server.ConnectAsync();
        await using var admin = await server.ConnectAsync();
        await using var watcher = await WatcherFactory.StartAsync(connection,
            WatcherFactory.Options("sess:", o => o.SubscriptionCheckInterval = TimeSpan.FromMilliseconds(200)));
        await Eventually.Until(() => watcher.LastReconcile is not null, Eventually.DefaultDeadline, "watcher.LastReconcile is not null");
        var db = admin.GetDatabase();
        var redis = admin.GetServers()[0];
        await WriteAsync(db, "sess:a:", 100);
        await Eventually.Until(() => watcher.Counter.Value == 100, Eventually.DefaultDeadline, "watcher.Counter.Value == 100");

        await redis.ExecuteAsync("CLIENT", "KILL", "TYPE", "pubsub");

        await Eventually.Until(async () => watcher.SubscriptionVerified
            && await SubscriptionVerifier.PatternSubscriptionsAsync(redis, connection.ClientName) == 1, Eventually.DefaultDeadline, "watcher.SubscriptionVerified && await SubscriptionVerifier.PatternSubscriptionsAsync(redis, connection.Cl...");
        var newBefore = watcher.Counter.EventsOf(KeyEventKind.New);
        await WriteAsync(db, "sess:b:", 50);
        // Events, not a scan (the schedule is an hour away), must bring the 50 new keys in.
        await Eventually.Until(() => watcher.Counter.EventsOf(KeyEventKind.New) - newBefore == 50, Eventually.DefaultDeadline, () => $"new events after the kill: {watcher.Counter.EventsOf(KeyEventKind.New) - newBefore}");
        await Eventually.Until(() => watcher.Counter.Value == 150, Eventually.DefaultDeadline, "watcher.Counter.Value == 150");
        Assert.True(watcher.GetMetrics().Gaps >= 1);
    }

    [Fact]
    public async Task Watcher_AfterOutputBufferDrop_IsSubscribedAgainAndCountsEvents()
    {
        // A subscriber that falls 64 KB behind for a second is dropped by the server.
        await using var server = await RedisServer.StartAsync("--client-output-buffer-limit", "pubsub 64kb 32kb 1");
        await using var connection = await server.ConnectAsync();
        await using var admin = await server.ConnectAsync();
        await using var watcher = await WatcherFactory.StartAsync(connection,
            WatcherFactory.Options("sess:", o => o.SubscriptionCheckInterval = TimeSpan.FromMilliseconds(200)));
        await Eventually.Until(() => watcher.LastReconcile is not null, Eventually.DefaultDeadline, "watcher.LastReconcile is not null");
        var redis = admin.GetServers()[0];
        var db = admin.GetDatabase();
        var subscriberId = await SubscriberIdAsync(redis, connection.ClientName);
        Assert.NotNull(subscriberId);

        // Bursts of pipelined writes with long key names (each notification carries the name) until the server
        // has dropped our subscriber (it comes back as a new client id).
        var burst = 0;
        var padding = new string('p', 1000);
        await Eventually.Until(async () =>
        {
            await WriteAsync(db, $"sess:{padding}:{burst++}:", 5_000);
            return await SubscriberIdAsync(redis, connection.ClientName) != subscriberId;
        }, Eventually.DefaultDeadline, "{ await WriteAsync(db, $\"sess:{padding}:{burst++}:\", 5_000); return await SubscriberIdAsync(redis, connec...");
        await Eventually.Until(async () => watcher.SubscriptionVerified
            && await SubscriptionVerifier.PatternSubscriptionsAsync(redis, connection.ClientName) == 1, Eventually.DefaultDeadline, "watcher.SubscriptionVerified && await SubscriptionVerifier.PatternSubscriptionsAsync(redis, connection.Cl...");

        var newBefore = watcher.Counter.EventsOf(KeyEventKind.New);
        await WriteAsync(db, "sess:after:", 50);
        await Eventually.Until(() => watcher.Counter.EventsOf(KeyEventKind.New) - newBefore >= 50, Eventually.DefaultDeadline, "watcher.Counter.EventsOf(KeyEventKind.New) - newBefore >= 50");
        await Eventually.Until(async () => watcher.Counter.Value == await WatcherFactory.TrueCountAsync(admin, "sess:"), Eventually.DefaultDeadline, "watcher.Counter.Value == await WatcherFactory.TrueCountAsync(admin, \"sess:\")");
    }

    [Fact]
    public async Task Watcher_AfterDropsWhileResubscribing_IsSubscribedAgainAndCountsEvents()
    {
        // The soak's buffer-drop: the subscriber is dropped, restored, and dropped again while the watcher's own
        // re-PSUBSCRIBE is outstanding. A kill loop of two seconds makes that interleaving (several times over).
        await using var server = await RedisServer.StartAsync();
        await using var connection = await server.ConnectAsync();
        await using var admin = await server.ConnectAsync();
        await using var watcher = await WatcherFactory.StartAsync(connection,
            WatcherFactory.Options("sess:", o => o.SubscriptionCheckInterval = TimeSpan.FromMilliseconds(200)));
        await Eventually.Until(() => watcher.LastReconcile is not null, Eventually.DefaultDeadline, "watcher.LastReconcile is not null");
        var db = admin.GetDatabase();
        var redis = admin.GetServers()[0];

        var killing = Stopwatch.StartNew();
        var round = 0;
        while (killing.Elapsed < TimeSpan.FromSeconds(2))
        {
            await redis.ExecuteAsync("CLIENT", "KILL", "TYPE", "pubsub");
            await WriteAsync(db, $"sess:k{round++}:", 20);
        }

        await Eventually.Until(async () => watcher.SubscriptionVerified
            && await SubscriptionVerifier.PatternSubscriptionsAsync(redis, connection.ClientName) == 1, TimeSpan.FromSeconds(20),
            () => $"subscription verified: {watcher.SubscriptionVerified}, renewals {watcher.GetMetrics().Gaps} gaps");
        var newBefore = watcher.Counter.EventsOf(KeyEventKind.New);
        await WriteAsync(db, "sess:after:", 50);
        // Events, not a scan (the schedule is an hour away), must bring the 50 new keys in.
        await Eventually.Until(() => watcher.Counter.EventsOf(KeyEventKind.New) - newBefore == 50, TimeSpan.FromSeconds(20),
            () => $"new events after the kills: {watcher.Counter.EventsOf(KeyEventKind.New) - newBefore}");
    }

    [Fact]
    public async Task Watcher_WhenRenewalJoinsAStaleLibraryRecord_EscalatesAndCountsEvents()
    {
        // A second queue on the watcher's channel (what a re-PSUBSCRIBE cut off by a drop leaves in the library)
        // keeps the library's record of the channel, and its stale endpoint, alive through a plain renewal: only
        // the next step (the record wiped) brings the pattern back.
        await using var server = await RedisServer.StartAsync();
        await using var connection = await server.ConnectAsync();
        await using var admin = await server.ConnectAsync();
        await using var watcher = await WatcherFactory.StartAsync(connection,
            WatcherFactory.Options("sess:", o => o.SubscriptionCheckInterval = TimeSpan.FromMilliseconds(200)));
        await Eventually.Until(() => watcher.LastReconcile is not null, Eventually.DefaultDeadline, "watcher.LastReconcile is not null");
        var db = admin.GetDatabase();
        var redis = admin.GetServers()[0];
        _ = await connection.GetSubscriber().SubscribeAsync(RedisChannel.KeySpacePrefix("sess:", 0));

        await redis.ExecuteAsync("CLIENT", "KILL", "TYPE", "pubsub");

        await Eventually.Until(async () => watcher.SubscriptionVerified
            && await SubscriptionVerifier.PatternSubscriptionsAsync(redis, connection.ClientName) == 1, TimeSpan.FromSeconds(20),
            () => $"subscription verified: {watcher.SubscriptionVerified}, gaps {watcher.GetMetrics().Gaps}");
        var newBefore = watcher.Counter.EventsOf(KeyEventKind.New);
        await WriteAsync(db, "sess:after:", 50);
        await Eventually.Until(() => watcher.Counter.EventsOf(KeyEventKind.New) - newBefore == 50, TimeSpan.FromSeconds(20),
            () => $"new events after the kill: {watcher.Counter.EventsOf(KeyEventKind.New) - newBefore}");
    }

    private static async Task<string?> SubscriberIdAsync(IServer redis, string clientName)
    {
        var list = (string?)await redis.ExecuteAsync("CLIENT", "LIST", "TYPE", "pubsub") ?? "";
        return list.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.Contains($" name={clientName} ", StringComparison.Ordinal))
            .Select(line => line.Split(' ')[0])
            .FirstOrDefault();
    }

    private static async Task WriteAsync(IDatabase db, string prefix, int count, string value = "x")
    {
        var batch = db.CreateBatch();
        var writes = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            writes.Add(batch.StringSetAsync($"{prefix}{i}", value));
        }
        batch.Execute();
        await Task.WhenAll(writes);
    }
}
