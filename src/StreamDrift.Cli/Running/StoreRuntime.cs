using System.Reactive;
using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using StreamDrift.Cli.Configuration;
using StreamDrift.Cli.Health;
using StreamDrift.Cli.Hosting;
using StreamDrift.Core.Layouts;
using StreamDrift.Core.Output;
using StreamDrift.Core.Pipeline;
using StreamDrift.Core.Samples;
using StreamDrift.Redis;
using StreamDrift.Redis.Sentinel;

namespace StreamDrift.Cli.Running;

/// <summary>
/// One running store: its Redis connection and watcher, its users source, and its pipeline
/// (Core's <see cref="JudgingPipeline"/>) posting judged windows to the shared outputs.
/// </summary>
internal sealed class StoreRuntime : IAsyncDisposable
{
    private readonly ConnectionMultiplexer _redis;
    private readonly SentinelMaster? _sentinels;
    private readonly StoreWatcher _watcher;
    private readonly Subject<Unit> _stop = new();
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IDisposable _subscription;
    private readonly IDisposable _acceptance;

    private StoreRuntime(
        string storeId, ConnectionMultiplexer redis, SentinelMaster? sentinels, StoreWatcher watcher, IDisposable acceptance,
        Func<Subject<Unit>, TaskCompletionSource, IDisposable> run)
    {
        StoreId = storeId;
        _redis = redis;
        _sentinels = sentinels;
        _watcher = watcher;
        _acceptance = acceptance;
        _subscription = run(_stop, _completed);
    }

    public string StoreId { get; }

    /// <summary>
    /// Connects the store's Redis, starts its watcher (from a reconcile) and its judging. Its samples come from
    /// <c>users</c> when the host routes them (scale-out: the group's consumer); null builds the store's own source.
    /// </summary>
    public static async Task<StoreRuntime> StartAsync(
        StoreOptions store, RunContext context, IScheduler scheduler, IRejectedInputSink rejected, WindowFanOut outputs, string kafkaBootstrap,
        PipelineTaps taps, IObservable<ActiveUsersSample>? users, CancellationToken cancellationToken)
    {
        var (redis, sentinels) = await ConnectAsync(store, cancellationToken).ConfigureAwait(false);
        StoreWatcher watcher;
        try
        {
            await CheckDatabaseAsync(redis, store, context.Options).ConfigureAwait(false);
            var options = new StoreWatcherOptions
            {
                StoreId = store.Id, Database = store.Db, ReconcileInterval = store.ReconcileEvery, SessionIdLength = store.SessionIdLength,
            };
            // A count within half the store's materiality cannot by itself make a window material: settled.
            var detector = StoreJudging.Detector(store.Sensitivity);
            options.SettleToleranceKeys = (long)(detector.MinAbsoluteKeys / 2);
            options.SettleToleranceFraction = detector.MinRatioChange / 2;
            // What the layout tells beyond the count: Spring's exact expiry, Magento's bot lifetimes.
            var layout = store.Layout is null ? null : SessionLayouts.Find(store.Layout);
            options.ExpiryMarker = layout?.Expiry;
            options.BotLifetimes = layout?.Bots;
            foreach (var prefix in store.Prefixes)
            {
                options.Prefixes.Add(prefix);
            }
            foreach (var glob in store.Exclusions)
            {
                options.Exclusions.Add(glob);
            }
            watcher = await StoreWatcher.StartAsync(redis, sentinels, options, context.Time, context.Loggers.CreateLogger<StoreWatcher>(), cancellationToken)
                .ConfigureAwait(false);
        }
        catch
        {
            await redis.DisposeAsync().ConfigureAwait(false);
            if (sentinels is not null)
            {
                await sentinels.DisposeAsync().ConfigureAwait(false);
            }
            throw;
        }

        var logger = context.Loggers.CreateLogger<StoreRuntime>();
        var reporter = context.Reporter;
        reporter.OnWatcher(store.Id, watcher.ReconcilePageTimes);
        var health = context.Health.Store(store.Id);
        health.RedisReachable = true;
        health.Subscription = SubscriptionState.Subscribed;
        health.LastError = null;
        redis.ConnectionFailed += (_, e) =>
        {
            health.RedisReachable = false;
            health.Subscription = SubscriptionState.Resubscribing;
            health.LastError = e.Exception?.Message ?? e.FailureType.ToString();
            HostLog.RedisLost(logger, store.Id, health.LastError);
        };
        redis.ConnectionRestored += (_, _) =>
        {
            // "subscribed" only once the watcher has proven it (its snapshots carry SubscriptionVerified).
            health.RedisReachable = true;
            health.LastError = null;
            HostLog.RedisReachable(logger, store.Id, string.Join(",", store.Redis));
        };
        RunningLog.StoreRunning(logger, store.Id, string.Join(",", store.Prefixes), store.Db, string.Join(",", store.Redis), store.Users.ToString());

        var snapshots = watcher.Snapshots.Do(s =>
        {
            reporter.OnSnapshot(s);
            reporter.OnNodes(s.StoreId, watcher.GetNodeMetrics());
            context.Card.OnSnapshot(s);
            taps.Snapshot?.Invoke(s);
            context.Recorder?.Post(s);
        });
        // The recording keeps every sample as it arrived (replay must reject what the live run rejected); the
        // metrics and views see only the samples the pipeline accepted.
        var samples = (users ?? UsersSources.Create(store, kafkaBootstrap, rejected, context.Loggers, scheduler, context.Time))
            .Do(u => context.Recorder?.Post(u));
        var judging = new JudgingPipeline(StoreJudging.Options(store), scheduler, rejected, accepted: u =>
        {
            reporter.OnUsers(u);
            context.Card.OnUsers(u);
            taps.Users?.Invoke(u);
        });

        var acceptance = context.Acceptance.Register(store.Id, () => judging.AcceptCurrentLevel(store.Id));
        return new StoreRuntime(store.Id, redis, sentinels, watcher, acceptance, (stop, completed) => Observable
            .Defer(() => judging.Run(snapshots, samples, stop))
            // An input that fails (not a bad record: those are rejected) restarts the pipeline after a pause.
            .Do(_ => { }, e => RunningLog.PipelineFailed(logger, store.Id, e.Message))
            .RetryWhen(errors => errors.Delay(TimeSpan.FromSeconds(5), scheduler))
            // Post returns at once: the outputs write from their own loops, never under the pipeline's lock.
            .Subscribe(outputs.Post, () => completed.TrySetResult()));
    }

    /// <summary>Closes the open windows (their verdicts are posted), then releases Redis.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stop.OnNext(Unit.Default);
        await _completed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A DB index beyond the server's <c>databases</c> passes the configuration's limits and fails only here, on
    /// the first command: it is a setting error (exit 2), not a connection failure to retry every second.
    /// </summary>
    private static async Task CheckDatabaseAsync(ConnectionMultiplexer redis, StoreOptions store, StreamDriftOptions options)
    {
        try
        {
            // SCAN is what the reconcile runs anyway, so the least-privilege ACL allows it.
            await redis.GetDatabase(store.Db).ExecuteAsync("SCAN", "0", "COUNT", "1").ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisCommandException
            || (e is RedisServerException && e.Message.Contains("DB index is out of range", StringComparison.OrdinalIgnoreCase)))
        {
            var index = Enumerable.Range(0, options.Stores.Count).First(i => ReferenceEquals(options.Stores[i], store));
            var databases = redis.GetServers().Where(s => !s.IsReplica).Select(s => s.DatabaseCount).DefaultIfEmpty(0).Min();
            var rule = databases > 0
                ? $"the Redis server has {databases} databases (0 to {databases - 1})"
                : "the Redis server has no database with this index";
            throw new UsageException($"invalid setting Stores:{index}:Db '{store.Db}': {rule}");
        }
    }

    /// <summary>
    /// The store's data connection; behind Sentinel (<see cref="StoreOptions.SentinelMaster"/>) the endpoints are the
    /// sentinels, asked with their own credentials for the primary and replicas, and the sentinels are returned too
    /// (the watcher asks them again at every topology look).
    /// </summary>
    private static async Task<(ConnectionMultiplexer Redis, SentinelMaster? Sentinels)> ConnectAsync(StoreOptions store, CancellationToken cancellationToken)
    {
        var configuration = DataConfiguration(store);
        if (store.SentinelMaster is null)
        {
            foreach (var endpoint in store.Redis)
            {
                configuration.EndPoints.Add(endpoint);
            }
            return (await ConnectionMultiplexer.ConnectAsync(configuration).WaitAsync(cancellationToken).ConfigureAwait(false), null);
        }
        var options = new SentinelMasterOptions
        {
            MasterName = store.SentinelMaster, SentinelUser = store.SentinelUser, SentinelPassword = store.SentinelPassword, Data = configuration,
        };
        foreach (var endpoint in store.Redis)
        {
            options.Sentinels.Add(endpoint);
        }
        var sentinels = await SentinelMaster.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
        try
        {
            return (await sentinels.ConnectDataAsync(cancellationToken).ConfigureAwait(false), sentinels);
        }
        catch
        {
            await sentinels.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static ConfigurationOptions DataConfiguration(StoreOptions store)
    {
        return new ConfigurationOptions
        {
            AbortOnConnectFail = true, // fail this attempt; the host's back-off decides when to try again
            ConnectTimeout = 3000,
            AllowAdmin = true, // CONFIG GET/SET of notify-keyspace-events, INFO
            ClientName = $"streamdrift-{store.Id}",
            User = store.RedisUser,
            Password = store.RedisPassword,
            // Neither is needed, and the least-privilege ACL in the README allows neither.
            ConfigurationChannel = "",
            TieBreaker = "",
        };
    }

    public async ValueTask DisposeAsync()
    {
        _acceptance.Dispose();
        _subscription.Dispose();
        _stop.Dispose();
        await _watcher.DisposeAsync().ConfigureAwait(false);
        await _redis.DisposeAsync().ConfigureAwait(false);
        if (_sentinels is not null)
        {
            await _sentinels.DisposeAsync().ConfigureAwait(false);
        }
    }
}
