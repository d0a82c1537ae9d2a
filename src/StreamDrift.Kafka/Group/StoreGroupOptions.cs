namespace StreamDrift.Kafka.Group;

/// <summary>Settings of the consumer group that spreads stores over instances.</summary>
public sealed record StoreGroupOptions
{
    /// <summary>Kafka bootstrap servers. Required.</summary>
    public required string BootstrapServers { get; init; }

    /// <summary>The active-users topic, keyed by store id. Required.</summary>
    public required string Topic { get; init; }

    /// <summary>The consumer group every instance joins. Required.</summary>
    public required string GroupId { get; init; }

    /// <summary>How long the group waits for a silent member before its partitions go to the others. Default 10 s; 1 s to 5 min.</summary>
    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest a revocation may take to hand its stores over (close, flush, stop). Default 30 s; at least 1 s.</summary>
    public TimeSpan RebalanceTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        Require(!string.IsNullOrWhiteSpace(BootstrapServers), nameof(BootstrapServers), "is required");
        Require(!string.IsNullOrWhiteSpace(Topic), nameof(Topic), "is required");
        Require(!string.IsNullOrWhiteSpace(GroupId), nameof(GroupId), "is required");
        Require(SessionTimeout >= TimeSpan.FromSeconds(1) && SessionTimeout <= TimeSpan.FromMinutes(5), nameof(SessionTimeout), "must be between 1 s and 5 min");
        Require(RebalanceTimeout >= TimeSpan.FromSeconds(1), nameof(RebalanceTimeout), "must be at least 1 s");
    }

    private static void Require(bool ok, string setting, string rule)
    {
        if (!ok)
        {
            throw new ArgumentException($"{nameof(StoreGroupOptions)}.{setting} {rule}.", setting);
        }
    }
}
