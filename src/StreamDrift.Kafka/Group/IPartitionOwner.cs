namespace StreamDrift.Kafka.Group;

/// <summary>
/// What a member of the store group does with the partitions Kafka hands it. Every call comes from the
/// consumer's own thread, one at a time, inside <c>Consume</c>: a handler that returns has finished its part
/// of the rebalance.
/// </summary>
public interface IPartitionOwner
{
    /// <summary>Partitions added to this member (cooperative: only the new ones), with the topic's partition count.</summary>
    void Assigned(IReadOnlyList<int> partitions, int partitionCount);

    /// <summary>Partitions taken away in an orderly rebalance or at close: hand their stores over (close, flush, stop) before returning.</summary>
    void Revoked(IReadOnlyList<int> partitions);

    /// <summary>Partitions lost without a rebalance (this member was expelled): another member owns them already, so stop without publishing.</summary>
    void Lost(IReadOnlyList<int> partitions);

    /// <summary>One record of an owned partition.</summary>
    void Record(int partition, string? key, byte[] value);
}
