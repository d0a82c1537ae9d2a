using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamDrift.Kafka.Native;

namespace StreamDrift.Kafka.Group;

/// <summary>
/// This instance's membership of the store group: one consumer in the shared group on the active-users
/// topic with cooperative-sticky assignment, on a thread of its own. Kafka decides which partitions, and so
/// which stores, this instance owns; the <see cref="IPartitionOwner"/> starts and stops them.
/// </summary>
/// <remarks>
/// The traps of cooperative rebalancing in Confluent.Kafka, and how they are kept out:
/// the handlers never call <c>Assign</c>/<c>Unassign</c> (the client applies the incremental change when a
/// handler returns; a full assign under the cooperative protocol is refused); a lost partition has its own
/// handler (without one the client would call the revoked handler, and we would publish and commit for a
/// generation that is gone: confluent-kafka-dotnet #2206); offsets are stored only for records handed on and
/// committed by the client's auto-commit, never by hand, so nothing commits inside a rebalance; storing an
/// offset of a partition revoked meanwhile is refused by the client and skipped.
/// </remarks>
public sealed class StoreGroupConsumer : IAsyncDisposable
{
    private readonly StoreGroupOptions _options;
    private readonly IPartitionOwner _owner;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly HashSet<int> _owned = [];
    private readonly Lock _ownedGate = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Thread? _thread;
    private readonly Action<int>? _generationChanged;
    private volatile int _generation = -1;
    private string? _joinState; // the consumer thread's own

    /// <param name="options">Validated here.</param>
    /// <param name="owner">Starts and stops what the partitions stand for.</param>
    /// <param name="logger">Rebalances and client errors.</param>
    /// <param name="generationChanged">Told the generation at every assignment (metrics, health); optional.</param>
    public StoreGroupConsumer(StoreGroupOptions options, IPartitionOwner owner, ILogger<StoreGroupConsumer> logger, Action<int>? generationChanged = null)
    {
        _generationChanged = generationChanged;
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _owner = owner ?? throw new ArgumentNullException(nameof(owner));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>
    /// Told librdkafka's join state of this member about once a second (<c>steady</c> between rebalances;
    /// <c>wait-join</c>, <c>wait-sync</c> and the like while one goes on): health shows a rebalance under way.
    /// </summary>
    public Action<string>? JoinStateChanged { get; init; }

    /// <summary>The group generation this member last joined, or -1 before the first assignment.</summary>
    public int Generation => _generation;

    /// <summary>The partitions this member owns now.</summary>
    public IReadOnlyList<int> Owned
    {
        get
        {
            lock (_ownedGate)
            {
                return [.. _owned.Order()];
            }
        }
    }

    /// <summary>Fails when the consumer loop ended on an error (a fatal client error).</summary>
    public Task Completion => _completion.Task;

    /// <summary>Joins the group on a thread of its own.</summary>
    public void Start()
    {
        KafkaNativeLibrary.EnsureLoaded();
        _thread = new Thread(Run) { IsBackground = true, Name = "store-group:" + _options.GroupId };
        _thread.Start();
    }

    private void Run()
    {
        try
        {
            using var consumer = Build();
            consumer.Subscribe(_options.Topic);
            while (!_stop.IsCancellationRequested)
            {
                var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
                if (result?.Message is null)
                {
                    continue;
                }

                _owner.Record(result.Partition.Value, result.Message.Key, result.Message.Value ?? []);
                try
                {
                    consumer.StoreOffset(result);
                }
                catch (KafkaException e) when (e.Error.Code == ErrorCode.Local_State)
                {
                    // The partition was revoked while the record was handed on: its new owner reads it again.
                }
            }

            // Leaving the group revokes every owned partition through the handler: the stores hand over first.
            consumer.Close();
            _completion.TrySetResult();
        }
        catch (Exception e) when (e is KafkaException or InvalidOperationException)
        {
            _completion.TrySetException(e);
        }
    }

    private IConsumer<string?, byte[]> Build()
    {
        var session = (int)_options.SessionTimeout.TotalMilliseconds;
        return new ConsumerBuilder<string?, byte[]>(new ConsumerConfig
        {
            BootstrapServers = _options.BootstrapServers,
            GroupId = _options.GroupId,
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
            SessionTimeoutMs = session,
            // The survivors learn of a rebalance (a member's session expired) only from a heartbeat's answer, so a
            // takeover waits up to one interval beyond the session: 1 s at most (a third of the session below 3 s).
            HeartbeatIntervalMs = Math.Clamp(session / 3, 100, 1000),
            // A revocation blocks the poll while its stores close and flush: the poll interval must outlast it.
            MaxPollIntervalMs = Math.Max(session, (int)_options.RebalanceTimeout.TotalMilliseconds) + 5000,
            AutoOffsetReset = AutoOffsetReset.Latest,
            EnableAutoCommit = true,
            EnableAutoOffsetStore = false,
            // Only for the join state (cgrp.join_state) in health: librdkafka tells it no other way.
            StatisticsIntervalMs = JoinStateChanged is null ? 0 : 1000,
        })
        .SetLogHandler((_, _) => { })
        .SetErrorHandler((_, e) => GroupLog.Error(_logger, _options.GroupId, e.Code.ToString(), e.Reason))
        .SetStatisticsHandler((_, json) => OnStatistics(json))
        .SetPartitionsAssignedHandler((c, added) => OnAssigned(c, added))
        .SetPartitionsRevokedHandler((_, removed) => OnRevoked(removed))
        .SetPartitionsLostHandler((_, lost) => OnLost(lost))
        .Build();
    }

    private void OnStatistics(string json)
    {
        var state = GroupStatistics.JoinState(json);
        if (state is null || state == _joinState)
        {
            return;
        }

        _joinState = state;
        JoinStateChanged?.Invoke(state);
    }

    private void OnAssigned(IConsumer<string?, byte[]> consumer, List<TopicPartition> added)
    {
        _generation = GroupGeneration.Of(consumer);
        _generationChanged?.Invoke(_generation);
        var partitions = added.ConvertAll(p => p.Partition.Value);
        var count = PartitionCount(consumer);
        GroupLog.Assigned(_logger, _options.GroupId, string.Join(",", partitions), count, _generation);
        lock (_ownedGate)
        {
            _owned.UnionWith(partitions);
        }

        if (partitions.Count > 0)
        {
            _owner.Assigned(partitions, count);
        }
    }

    private void OnRevoked(List<TopicPartitionOffset> removed)
    {
        var partitions = removed.ConvertAll(p => p.Partition.Value);
        GroupLog.Revoked(_logger, _options.GroupId, string.Join(",", partitions));
        _owner.Revoked(partitions);
        Forget(partitions);
    }

    private void OnLost(List<TopicPartitionOffset> lost)
    {
        var partitions = lost.ConvertAll(p => p.Partition.Value);
        GroupLog.Lost(_logger, _options.GroupId, string.Join(",", partitions));
        _owner.Lost(partitions);
        Forget(partitions);
    }

    private void Forget(List<int> partitions)
    {
        lock (_ownedGate)
        {
            _owned.ExceptWith(partitions);
        }
    }

    /// <summary>The topic's partition count, from the brokers (partitions can be added while we run).</summary>
    private int PartitionCount(IConsumer<string?, byte[]> consumer)
    {
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var topic = admin.GetMetadata(_options.Topic, TimeSpan.FromSeconds(10)).Topics.Single(t => t.Topic == _options.Topic);
        return topic.Partitions.Count;
    }

    /// <summary>Leaves the group: every owned store is handed over (revoked) before this completes.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_thread is not null)
        {
            await Task.Run(() => _thread.Join()).ConfigureAwait(false);
        }

        _stop.Dispose();
    }
}
