using System.Reactive;
using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using StreamDrift.Cli.Configuration;
using StreamDrift.Cli.Health;
using StreamDrift.Cli.Hosting;
using StreamDrift.Core.Output;
using StreamDrift.Core.Pipeline;
using StreamDrift.Core.Samples;
using StreamDrift.Redis;

namespace StreamDrift.Cli.Running;

/// <summary>
/// One running store: its Redis connection and watcher, its users source, and its pipeline
/// (Core's <see cref="JudgingPipeline"/>) posting judged windows to the shared outputs.
/// </summary>
internal sealed class StoreRuntime : IAsyncDisposable
{
    private readonly ConnectionMultiplexer _redis;
    private readonly StoreWatcher _watcher;
    private readonly Subject<Unit> _stop = new();
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IDisposable _subscription;

    private StoreRuntime(ConnectionMultiplexer redis, StoreWatcher watcher, Func<Subject<Unit>, TaskCompletionSource, IDisposable> run)
    {
        _redis = redis;
        _watcher = watcher;
        _subscription = run(_stop, _completed);
    }

    public static async Task<StoreRuntime> StartAsync(
        StoreOptions store, RunContext context, IScheduler scheduler, IRejectedInputSink rejected, WindowFanOut outputs, string kafkaBootstrap,
        PipelineTaps taps, CancellationToken cancellationToken)
    {
        var redis = await ConnectAsync(store, cancellationToken).ConfigureAwait(false);
        StoreWatcher watcher;
        try
        {
            var options = new StoreWatcherOptions
            {
                StoreId = store.Id, Database = store.Db, ReconcileInterval = store.ReconcileEvery, SessionIdLength = store.SessionIdLength,
            };
            foreach (var prefix in store.Prefixes)
            {
                options.Prefixes.Add(prefix);
            }
            foreach (var glob in store.Exclusions)
            {
                options.Exclusions.Add(glob);
            }
            watcher = await StoreWatcher.StartAsync(redis, options, context.Time, context.Loggers.CreateLogger<StoreWatcher>(), cancellationToken)
                .ConfigureAwait(false);
        }
        catch
        {
            await redis.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var logger = context.Loggers.CreateLogger<StoreRuntime>();
        var reporter = context.Reporter;
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
            health.RedisReachable = true;
            health.Subscription = SubscriptionState.Subscribed;
            health.LastError = null;
            HostLog.RedisReachable(logger, store.Id, string.Join(",", store.Redis));
        };
        RunningLog.StoreRunning(logger, store.Id, string.Join(",", store.Prefixes), store.Db, string.Join(",", store.Redis), store.Users.ToString());

        var snapshots = watcher.Snapshots.Do(s =>
        {
            reporter.OnSnapshot(s);
            taps.Snapshot?.Invoke(s);
            context.Recorder?.Post(s);
        });
        var users = UsersSources.Create(store, kafkaBootstrap, rejected, context.Loggers, scheduler, context.Time).Do(u =>
        {
            reporter.OnUsers(u);
            taps.Users?.Invoke(u);
            context.Recorder?.Post(u);
        });
        var judging = new JudgingPipeline(StoreJudging.Options(store), scheduler, rejected);

        return new StoreRuntime(redis, watcher, (stop, completed) => Observable
            .Defer(() => judging.Run(snapshots, users, stop))
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

    private static async Task<ConnectionMultiplexer> ConnectAsync(StoreOptions store, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationOptions
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
        foreach (var endpoint in store.Redis)
        {
            configuration.EndPoints.Add(endpoint);
        }
        return await ConnectionMultiplexer.ConnectAsync(configuration).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _subscription.Dispose();
        _stop.Dispose();
        await _watcher.DisposeAsync().ConfigureAwait(false);
        await _redis.DisposeAsync().ConfigureAwait(false);
    }
}
