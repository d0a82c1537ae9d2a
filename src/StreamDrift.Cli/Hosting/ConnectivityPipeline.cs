using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using StreamDrift.Cli.Configuration;
using StreamDrift.Cli.Health;
using StreamDrift.Cli.Metrics;

namespace StreamDrift.Cli.Hosting;

/// <summary>
/// What <c>run</c> runs until the processing stages (Redis watcher, join/detector, Kafka sink) are plugged
/// in through <see cref="IDriftPipeline"/>: it reaches every store's Redis (a failed attempt throws, so the
/// host retries with back-off), subscribes to the session prefixes' keyspace channels, and keeps
/// <c>/healthz</c> and <c>streamdrift_keyspace_events_total</c> current. It counts no keys and publishes
/// nothing.
/// </summary>
internal sealed class ConnectivityPipeline(RunContext context) : IDriftPipeline
{
    private readonly ConcurrentBag<ConnectionMultiplexer> _connections = [];
    private readonly ILogger _logger = context.Loggers.CreateLogger<ConnectivityPipeline>();

    public async Task StartStoreAsync(StoreOptions store, CancellationToken cancellationToken)
    {
        var health = context.Health.Store(store.Id);
        var configuration = new ConfigurationOptions
        {
            AbortOnConnectFail = true, // fail this attempt; the host's back-off decides when to try again
            ConnectTimeout = 3000,
            ClientName = $"streamdrift-{store.Id}",
            User = store.RedisUser,
            Password = store.RedisPassword,
            // No configuration channel, no tie-breaker key: the least-privilege ACL (README) allows neither.
            ConfigurationChannel = "",
            TieBreaker = "",
        };
        foreach (var endpoint in store.Redis)
        {
            configuration.EndPoints.Add(endpoint);
        }
        var connection = await ConnectionMultiplexer.ConnectAsync(configuration).WaitAsync(cancellationToken).ConfigureAwait(false);
        _connections.Add(connection);
        connection.ConnectionFailed += (_, e) =>
        {
            health.RedisReachable = false;
            health.Subscription = SubscriptionState.Resubscribing;
            health.LastError = e.Exception?.Message ?? e.FailureType.ToString();
            context.Metrics.SubscriptionGaps.WithLabels(store.Id).Increment();
            HostLog.RedisLost(_logger, store.Id, health.LastError);
        };
        connection.ConnectionRestored += (_, _) =>
        {
            health.RedisReachable = true;
            health.Subscription = SubscriptionState.Subscribed;
            health.LastError = null;
        };

        var cells = new ConcurrentDictionary<string, MetricCell>(StringComparer.Ordinal);
        var subscriber = connection.GetSubscriber();
        foreach (var prefix in store.Prefixes)
        {
            var channel = RedisChannel.Pattern($"__keyspace@{store.Db}__:{prefix}*");
            await subscriber.SubscribeAsync(channel, (_, message) =>
            {
                var name = (string?)message ?? "";
                cells.GetOrAdd(name, static (n, s) => s.Metrics.KeyspaceEvents.WithLabels(s.Id, n), (Metrics: context.Metrics, Id: store.Id)).Increment();
            }).ConfigureAwait(false);
        }
        health.RedisReachable = true;
        health.Subscription = SubscriptionState.Subscribed;
        health.LastError = null;
        HostLog.RedisReachable(_logger, store.Id, string.Join(",", store.Redis));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        while (_connections.TryTake(out var connection))
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
