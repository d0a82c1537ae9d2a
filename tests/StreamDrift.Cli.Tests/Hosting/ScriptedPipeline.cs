using StreamDrift.Cli.Configuration;
using StreamDrift.Cli.Hosting;
using StreamDrift.Core.Samples;

namespace StreamDrift.Cli.Tests.Hosting;

/// <summary>
/// An <see cref="IDriftPipeline"/> whose first starts fail (Redis "unreachable") and whose stop writes a
/// last entry to the recording, as closing the open windows would.
/// </summary>
internal sealed class ScriptedPipeline(RunContext context, int failuresBeforeStart) : IDriftPipeline
{
    private int _attempts;

    public int Attempts => Volatile.Read(ref _attempts);

    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool Stopped { get; private set; }

    public bool Disposed { get; private set; }

    public Task StartStoreAsync(StoreOptions store, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _attempts) <= failuresBeforeStart)
        {
            throw new IOException($"connection refused ({store.Id})");
        }
        context.Health.Store(store.Id).RedisReachable = true;
        context.Health.Store(store.Id).Subscription = Health.SubscriptionState.Subscribed;
        Started.TrySetResult();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Stopped = true;
        context.Recorder?.Post(new ActiveUsersSample("eu", "sim", 7, 300, DateTimeOffset.UnixEpoch));
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}
