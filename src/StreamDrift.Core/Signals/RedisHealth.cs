namespace StreamDrift.Core.Signals;

/// <summary>
/// One INFO sample of the watched instance, counters already turned into per-second rates
/// against the previous sample. Used in windows and as classifier evidence.
/// </summary>
public sealed record RedisHealth
{
    public required DateTimeOffset SampledAt { get; init; }
    public double EvictedKeysPerSecond { get; init; }
    public double ExpiredKeysPerSecond { get; init; }
    public double RejectedConnectionsPerSecond { get; init; }
    public long EvictedKeysTotal { get; init; }
    public long ExpiredKeysTotal { get; init; }
    public long RejectedConnectionsTotal { get; init; }

    /// <summary>
    /// Writes the watched nodes refused with READONLY (INFO errorstats, replicas included): an application still
    /// writing to a demoted primary after a failover loses its session writes there.
    /// </summary>
    public long ReadOnlyErrorsTotal { get; init; }

    /// <summary>Rate of <see cref="ReadOnlyErrorsTotal"/> since the previous sample.</summary>
    public double ReadOnlyErrorsPerSecond { get; init; }
    public long UsedMemoryBytes { get; init; }
    /// <summary>0 means no limit (Redis' own convention).</summary>
    public long MaxMemoryBytes { get; init; }
    public string MaxMemoryPolicy { get; init; } = "noeviction";
    public long ConnectedClients { get; init; }
    public long MaxClients { get; init; }
    public long InstantaneousOpsPerSecond { get; init; }
    /// <summary><c>master</c> or <c>slave</c>, as INFO replication says.</summary>
    public string Role { get; init; } = "master";
    /// <summary>Keys in the watched DB (INFO keyspace <c>keys=</c>), all prefixes.</summary>
    public long DbKeys { get; init; }
    /// <summary>Keys with a TTL in the watched DB (INFO keyspace <c>expires=</c>).</summary>
    public long DbExpires { get; init; }

    /// <summary>
    /// The session keys counted as this sample was taken, or null where the sample came without a count. The DB's
    /// other keys are <see cref="DbKeys"/> less this, both of one instant: a snapshot's count read a second later
    /// differs by every session that came or went meanwhile, which while sessions expire en masse looks like keys
    /// moved to another prefix.
    /// </summary>
    public long? SessionKeys { get; init; }

    /// <summary>used_memory / maxmemory, or null when maxmemory is unlimited.</summary>
    public double? MemoryUsedRatio => MaxMemoryBytes > 0 ? (double)UsedMemoryBytes / MaxMemoryBytes : null;

    /// <summary>connected_clients / maxclients, or null when unknown.</summary>
    public double? ClientsUsedRatio => MaxClients > 0 ? (double)ConnectedClients / MaxClients : null;

    /// <summary>True for the allkeys-* policies, which evict TTL'd session keys as readily as cache keys.</summary>
    public bool EvictsAnyKey => MaxMemoryPolicy.StartsWith("allkeys-", StringComparison.Ordinal);
}
