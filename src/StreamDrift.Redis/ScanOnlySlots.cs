using StackExchange.Redis;

namespace StreamDrift.Redis;

/// <summary>
/// The slots of the primaries counted by SCAN only (see <see cref="ScanOnlyPrimaries"/>): keyspace events from them
/// are left out of the live count, since their scans count those keys. A node that refuses CONFIG may still publish
/// some events (flags set partly by its operator, say 'Kg' without 'n'): counted, they would move the count one way
/// only. Inactive (no cost on the keyspace path beyond one read) while every primary is live.
/// </summary>
internal sealed class ScanOnlySlots
{
    private volatile bool[]? _slots;

    /// <summary>True while some slots are left out.</summary>
    public bool Active => _slots is not null;

    /// <summary>True when <paramref name="key"/> lives on a primary counted by SCAN only.</summary>
    public bool Ignores(ReadOnlySpan<byte> key) => _slots is { } slots && slots[HashSlot.Of(key)];

    /// <summary>Re-reads which slots the scan-only primaries own (a reshard moves them), from CLUSTER NODES.</summary>
    public async Task RefreshAsync(IServer anyClusterNode, IReadOnlyCollection<string> scanOnly)
    {
        if (scanOnly.Count == 0)
        {
            _slots = null;
            return;
        }
        var configuration = await anyClusterNode.ClusterNodesAsync().ConfigureAwait(false);
        if (configuration is null)
        {
            return;
        }
        var slots = new bool[HashSlot.Count];
        foreach (var node in configuration.Nodes)
        {
            if (node.IsReplica || node.EndPoint is null || !scanOnly.Contains(StoreNodes.Name(node.EndPoint)))
            {
                continue;
            }
            foreach (var range in node.Slots)
            {
                slots.AsSpan(range.From, range.To - range.From + 1).Fill(true);
            }
        }
        _slots = slots;
    }
}
