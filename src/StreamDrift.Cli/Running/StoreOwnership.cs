using System.Reactive.Subjects;
using Microsoft.Extensions.Logging;
using StreamDrift.Cli.Configuration;
using StreamDrift.Cli.Health;
using StreamDrift.Cli.Hosting;
using StreamDrift.Core.Samples;
using StreamDrift.Kafka.Group;
using StreamDrift.Kafka.Source;

namespace StreamDrift.Cli.Running;

/// <summary>
/// Scale-out: the stores of the catalogue this instance owns, because Kafka assigned it the partitions of
/// the active-users topic their ids map to. Assignment starts a store (Redis watcher from a reconcile,
/// judging); revocation closes its begun windows, flushes them and stops it, within the handover timeout;
/// a lost partition stops its stores without publishing (another instance owns them already). Every call
/// comes from the group consumer's thread, one at a time, so the bookkeeping needs no lock of its own.
/// </summary>
internal sealed class StoreOwnership : IPartitionOwner
{
    private readonly IReadOnlyList<StoreOptions> _catalogue;
    private readonly LivePipeline _pipeline;
    private readonly RunContext _context;
    private readonly GroupHealth _health;
    private readonly TimeSpan _handoverTimeout;
    private readonly BackoffPolicy _backoff;
    private readonly ILogger _logger;
    private readonly Dictionary<string, OwnedStore> _owned = new(StringComparer.Ordinal);

    public StoreOwnership(LivePipeline pipeline, RunContext context, TimeSpan handoverTimeout, BackoffPolicy backoff)
    {
        _pipeline = pipeline;
        _context = context;
        _catalogue = context.Options.Stores;
        _health = context.Health.Group ?? throw new InvalidOperationException("StoreOwnership runs only with a group.");
        _handoverTimeout = handoverTimeout;
        _backoff = backoff;
        _logger = context.Loggers.CreateLogger<StoreOwnership>();
    }

    public void Assigned(IReadOnlyList<int> partitions, int partitionCount)
    {
        var taken = new List<string>();
        foreach (var store in _catalogue)
        {
            var partition = StorePartitioner.PartitionOf(store.Id, partitionCount);
            if (!partitions.Contains(partition) || _owned.ContainsKey(store.Id))
            {
                continue;
            }

            var owned = new OwnedStore(store, partition);
            owned.Started = StartAsync(owned);
            _owned.Add(store.Id, owned);
            taken.Add(store.Id);
            _context.Metrics.StoreOwned.WithLabels(store.Id).Set(1);
            OwnershipLog.Taken(_logger, _context.Options.Instance, store.Id, partition);
        }

        _health.Own(partitions, taken);
    }

    public void Revoked(IReadOnlyList<int> partitions) => Release(partitions, publish: true);

    public void Lost(IReadOnlyList<int> partitions) => Release(partitions, publish: false);

    public void Record(int partition, string? key, byte[] value)
    {
        var (sample, reason, detail) = ActiveUsersPayloadDecoder.Decode(value);
        var rejected = _pipeline.Rejected ?? _context.Reporter;
        if (sample is null)
        {
            rejected.Reject(new RejectedInput(Source, reason, detail, value, _context.Time.GetUtcNow(), key));
            return;
        }

        if (!_owned.TryGetValue(sample.StoreId, out var owned) || owned.Partition != partition)
        {
            // Keyed by something else than its store id, or a store missing from this instance's catalogue.
            rejected.Reject(new RejectedInput(Source, RejectionReason.UnknownStore,
                $"store {sample.StoreId} is not one of this instance's stores of partition {partition} (the topic must be keyed by store id)",
                value, _context.Time.GetUtcNow(), sample.StoreId));
            return;
        }

        if (!owned.Running)
        {
            rejected.Reject(new RejectedInput(Source, RejectionReason.OlderThanHistory,
                "the store was just taken over: no session-key count yet", value, _context.Time.GetUtcNow(), sample.StoreId));
            return;
        }

        owned.Users.OnNext(sample);
    }

    private string Source => "kafka:" + _context.Options.Group!.Topic;

    private async Task StartAsync(OwnedStore owned)
    {
        try
        {
            await Backoff.RetryAsync(
                token => _pipeline.StartStoreAsync(owned.Options, owned.Users, token),
                _backoff,
                (attempt, error, delay) => OwnershipLog.StartFailed(_logger, owned.Options.Id, error.Message, attempt, (long)delay.TotalMilliseconds),
                _context.Time,
                Random.Shared,
                owned.Stop.Token).ConfigureAwait(false);
            owned.Running = true;
        }
        catch (OperationCanceledException) when (owned.Stop.IsCancellationRequested)
        {
            // Revoked while still starting: nothing ran, nothing to hand over.
        }
    }

    private void Release(IReadOnlyList<int> partitions, bool publish)
    {
        var released = new List<OwnedStore>();
        foreach (var owned in _owned.Values)
        {
            if (partitions.Contains(owned.Partition))
            {
                released.Add(owned);
            }
        }

        // The handler must return within the rebalance: all stores hand over at once, bounded as a whole.
        using var timeout = new CancellationTokenSource(_handoverTimeout);
        var handovers = released.ConvertAll(owned => HandOverAsync(owned, publish, timeout.Token));
        try
        {
            Task.WhenAll(handovers).GetAwaiter().GetResult();
        }
        finally
        {
            // Whatever a handover did, the partitions are gone: the stores are no longer this instance's.
            foreach (var owned in released)
            {
                _owned.Remove(owned.Options.Id);
                _context.Health.Forget(owned.Options.Id);
                _context.Metrics.StoreOwned.WithLabels(owned.Options.Id).Set(0);
            }

            _health.Release(partitions, released.ConvertAll(o => o.Options.Id));
        }
    }

    private async Task HandOverAsync(OwnedStore owned, bool publish, CancellationToken cancellationToken)
    {
        await owned.Stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await owned.Started.WaitAsync(cancellationToken).ConfigureAwait(false);
            await _pipeline.StopStoreAsync(owned.Options.Id, publish, cancellationToken).ConfigureAwait(false);
            OwnershipLog.Released(_logger, _context.Options.Instance, owned.Options.Id, publish);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or System.IO.IOException or StackExchange.Redis.RedisException)
        {
            // Too slow or failed: stop without waiting for the outputs; the new owner judges from its start.
            OwnershipLog.HandoverFailed(_logger, owned.Options.Id, (long)_handoverTimeout.TotalMilliseconds, e.Message);
            await _pipeline.StopStoreAsync(owned.Options.Id, publish: false, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            owned.Users.OnCompleted();
            owned.Users.Dispose();
            owned.Stop.Dispose();
        }
    }

    /// <summary>A store this instance owns: its samples' entry, and its start (with back-off) that a revocation cancels.</summary>
    private sealed class OwnedStore(StoreOptions options, int partition)
    {
        public StoreOptions Options { get; } = options;

        public int Partition { get; } = partition;

        public Subject<ActiveUsersSample> Users { get; } = new();

        public CancellationTokenSource Stop { get; } = new();

        public Task Started { get; set; } = Task.CompletedTask;

        private volatile bool _running;

        /// <summary>Set from the start's continuation, read on the consumer's thread.</summary>
        public bool Running
        {
            get => _running;
            set => _running = value;
        }
    }
}
