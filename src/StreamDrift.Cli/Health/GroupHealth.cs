using System.Text.Json;

namespace StreamDrift.Cli.Health;

/// <summary>This instance's place in the scale-out group, as <c>/healthz</c> shows it.</summary>
internal sealed class GroupHealth(string groupId, string instance)
{
    private readonly Lock _lock = new();
    private readonly SortedSet<int> _partitions = [];
    private readonly SortedSet<string> _stores = new(StringComparer.Ordinal);
    private int _generation = -1;
    private string _joinState = "unknown";

    public string GroupId { get; } = groupId;

    public string Instance { get; } = instance;

    /// <summary>The group generation this instance last joined (-1 before the first assignment).</summary>
    public int Generation
    {
        get => Volatile.Read(ref _generation);
        set => Volatile.Write(ref _generation, value);
    }

    /// <summary>
    /// librdkafka's join state of this member: <c>steady</c> between rebalances, anything else while one goes
    /// on (<c>wait-join</c>, <c>wait-sync</c>, <c>wait-unassign-call</c>...); <c>unknown</c> before the first statistics.
    /// </summary>
    public string JoinState
    {
        get => Volatile.Read(ref _joinState);
        set => Volatile.Write(ref _joinState, value);
    }

    public void Own(IEnumerable<int> partitions, IEnumerable<string> stores)
    {
        lock (_lock)
        {
            _partitions.UnionWith(partitions);
            _stores.UnionWith(stores);
        }
    }

    public void Release(IEnumerable<int> partitions, IEnumerable<string> stores)
    {
        lock (_lock)
        {
            _partitions.ExceptWith(partitions);
            _stores.ExceptWith(stores);
        }
    }

    public IReadOnlyList<string> OwnedStores
    {
        get
        {
            lock (_lock)
            {
                return [.. _stores];
            }
        }
    }

    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject("group");
        writer.WriteString("id", GroupId);
        writer.WriteString("instance", Instance);
        writer.WriteNumber("generation", Generation);
        writer.WriteString("joinState", JoinState);
        lock (_lock)
        {
            writer.WriteStartArray("partitions");
            foreach (var partition in _partitions)
            {
                writer.WriteNumberValue(partition);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("ownedStores");
            foreach (var store in _stores)
            {
                writer.WriteStringValue(store);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }
}
