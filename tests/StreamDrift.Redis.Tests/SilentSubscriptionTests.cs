using StackExchange.Redis;
using StreamDrift.Core.Counting;
using StreamDrift.TestSupport;

namespace StreamDrift.Redis.Tests;

/// <summary>
/// Issue 16: a subscription the server lists but that delivers nothing must be noticed from INFO and the
/// reconcile, and made anew; a store whose sessions are quiet while cache keys churn must never be taken for one.
/// </summary>
public class SilentSubscriptionTests
{
    [Fact]
    public async Task SilentSubscription_ListedUnderOurNameByATwin_IsFound_CountedAsAGap_AndSubscribedAgain()
    {
        // The real fault: a second StreamDrift with the same client name (a blue/green deploy of the same store)
        // holds the pattern; our subscriber connection is killed, and the library reconnects it without
        // subscribing the pattern again (the upstream bug of SubscriptionRecoveryTests). The guard's by-name proof
        // counts the twin's pattern, so it reports "subscribed" while nothing reaches us.
        await using var server = await RedisServer.StartAsync();
        await using var connection = await server.ConnectAsync();
        await using var admin = await server.ConnectAsync();
        await using var twin = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
        {
            EndPoints = { server.Endpoint }, ClientName = connection.ClientName, AbortOnConnectFail = false,
        });
        var redis = admin.GetServers()[0];
        await twin.GetSubscriber().SubscribeAsync(RedisChannel.KeySpacePrefix("sess:", 0), (_, _) => { });
        var twinIds = await PatternHolderIdsAsync(redis, connection.ClientName);
        await using var watcher = await WatcherFactory.StartAsync(connection,
            WatcherFactory.Options("sess:", o => o.SubscriptionCheckInterval = TimeSpan.FromMilliseconds(200)));
        await Eventually.Until(() => watcher.LastReconcile is not null, Eventually.DefaultDeadline, "no seed scan");
        var db = admin.GetDatabase();
        await WriteAsync(db, "sess:a:", 100);
        await Eventually.Until(() => watcher.Counter.Value == 100, Eventually.DefaultDeadline, () => $"count {watcher.Counter.Value}");
        // The library resubscribes the pattern after some kills and not after others: kill our subscriber until a
        // reconnect comes back without it (its resubscription pass is over once a PING on the subscriber returns).
        var silent = false;
        for (var attempt = 0; attempt < 20 && !silent; attempt++)
        {
            var ours = (await PatternHolderIdsAsync(redis, connection.ClientName)).Except(twinIds).Single();
            var before = await PubSubIdsAsync(redis, connection.ClientName);
            await redis.ExecuteAsync("CLIENT", "KILL", "ID", ours);
            await Eventually.Until(async () => (await PubSubIdsAsync(redis, connection.ClientName)).Except(before).Any(),
                Eventually.DefaultDeadline, "our subscriber did not come back");
            await connection.GetSubscriber().PingAsync();
            silent = (await PatternHolderIdsAsync(redis, connection.ClientName)).All(twinIds.Contains);
        }
        Assert.True(silent, "the library resubscribed the pattern after every kill");
        await Eventually.Until(() => watcher.SubscriptionVerified, Eventually.DefaultDeadline, "the guard does not count the twin's pattern as ours");
        var results = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var sub = watcher.Reconciled.Subscribe(r => results.Enqueue($"{r.Reason}:{r.Correction}:{r.Elapsed.TotalMilliseconds:0}"));
        // The silent spell: sessions keep arriving, no event does (the schedule is an hour away).
        var round = 0;
        await Eventually.Until(async () =>
        {
            await WriteAsync(db, $"sess:b{round++}:", 10);
            return watcher.SilentSubscriptionRenewals >= 1;
        }, TimeSpan.FromSeconds(30), () => $"no silent subscription found: checks {watcher.SilenceChecks}, count {watcher.Counter.Value}, new events {watcher.Counter.EventsOf(KeyEventKind.New)}, last reconcile {watcher.LastReconcile}, log {string.Join(" | ", results)}");
        Assert.True(watcher.GetMetrics().Gaps >= 2); // the kill, and the silence
        // Events, not scans, bring keys in again: the pattern is ours again (if the first renewal did not take, the
        // watchdog finds the silence again and renews again).
        var newBefore = watcher.Counter.EventsOf(KeyEventKind.New);
        var more = 0;
        await Eventually.Until(async () =>
        {
            await WriteAsync(db, $"sess:c{more++}:", 10);
            return watcher.Counter.EventsOf(KeyEventKind.New) - newBefore >= 10;
        }, TimeSpan.FromSeconds(30), () => $"no new events after {watcher.SilentSubscriptionRenewals} renewals");
        var truth = 100 + (10 * round) + (10 * more);
        await Eventually.Until(() => watcher.Counter.Value == truth, Eventually.DefaultDeadline, () => $"count {watcher.Counter.Value} != {truth}");
    }

    [Fact]
    public async Task QuietSessions_WhileCacheKeysChurn_AreChecked_ButNeverTakenForASilentSubscription()
    {
        await using var server = await RedisServer.StartAsync();
        await using var connection = await server.ConnectAsync();
        await using var admin = await server.ConnectAsync();
        await using var watcher = await WatcherFactory.StartAsync(connection, WatcherFactory.Options("sess:"));
        await Eventually.Until(() => watcher.LastReconcile is not null, Eventually.DefaultDeadline, "no seed scan");
        var db = admin.GetDatabase();
        await WriteAsync(db, "sess:a:", 40);
        await Eventually.Until(() => watcher.Counter.Value == 40, Eventually.DefaultDeadline, () => $"count {watcher.Counter.Value}");
        var gapsBefore = watcher.GetMetrics().Gaps;

        // Cache keys churn for as long as it takes the watchdog to suspect, check and back off twice.
        var round = 0;
        await Eventually.Until(async () =>
        {
            await WriteAsync(db, $"cache:{round++}:", 20);
            return watcher.SilenceChecks >= 2 && watcher.LastReconcile!.Reason.StartsWith("silent-subscription check", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(30), () => $"checks {watcher.SilenceChecks}");

        Assert.Equal(0, watcher.SilentSubscriptionRenewals);
        Assert.Equal(gapsBefore, watcher.GetMetrics().Gaps);
        Assert.Equal(40, watcher.Counter.Value);
    }

    // Every pub/sub connection of that name (each multiplexer keeps one, for its own channel).
    private static Task<string[]> PubSubIdsAsync(IServer redis, string clientName) => IdsAsync(redis, clientName, patterns: false);

    // The connections of that name holding a pattern subscription.
    private static Task<string[]> PatternHolderIdsAsync(IServer redis, string clientName) => IdsAsync(redis, clientName, patterns: true);

    private static async Task<string[]> IdsAsync(IServer redis, string clientName, bool patterns)
    {
        var list = (string?)await redis.ExecuteAsync("CLIENT", "LIST", "TYPE", "pubsub") ?? "";
        return [.. list.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.Contains($" name={clientName} ", StringComparison.Ordinal) && (!patterns || !line.Contains(" psub=0 ", StringComparison.Ordinal)))
            .Select(line => System.Text.RegularExpressions.Regex.Match(line, @"\bid=(\d+)").Groups[1].Value)];
    }

    private static async Task WriteAsync(IDatabase db, string prefix, int count)
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
}
