namespace StreamDrift.Cli.Configuration;

/// <summary>
/// Scale-out: every instance runs with the same store catalogue (the <c>Stores</c> of one configuration
/// file) and joins the consumer group <see cref="Id"/> on the active-users topic; Kafka's assignment of that
/// topic's partitions decides which instance watches, judges and publishes which store.
/// </summary>
internal sealed record GroupOptions
{
    /// <summary>The consumer group every instance joins.</summary>
    public required string Id { get; init; }

    /// <summary>The active-users topic (the one all stores' <c>Users: kafka:TOPIC</c> name).</summary>
    public required string Topic { get; init; }

    /// <summary>How long the group waits for a silent instance before the others take its stores. Default 10 s; 1 s to 5 min.</summary>
    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
