using StreamDrift.Redis;

namespace StreamDrift.Cli.Metrics;

/// <summary>
/// One node's series of one store (<c>node</c> label: the endpoint as configured or discovered in the topology,
/// never from input). INFO figures are a primary's: the store's own series are their sums over the primaries.
/// </summary>
internal sealed class NodeCells
{
    private long _lastEvicted = -1;
    private long _lastExpired = -1;

    public NodeCells(StreamDriftMetrics metrics, string storeId, string node)
    {
        SessionKeys = metrics.NodeSessionKeys.WithLabels(storeId, node);
        Primary = metrics.NodePrimary.WithLabels(storeId, node);
        ScanOnly = metrics.NodeScanOnly.WithLabels(storeId, node);
        DbKeys = metrics.NodeDbKeys.WithLabels(storeId, node);
        UsedMemory = metrics.NodeUsedMemory.WithLabels(storeId, node);
        Evicted = metrics.NodeEvictedKeys.WithLabels(storeId, node);
        Expired = metrics.NodeExpiredKeys.WithLabels(storeId, node);
    }

    public MetricCell SessionKeys { get; }

    public MetricCell Primary { get; }

    public MetricCell ScanOnly { get; }

    public MetricCell DbKeys { get; }

    public MetricCell UsedMemory { get; }

    public MetricCell Evicted { get; }

    public MetricCell Expired { get; }

    /// <summary>Sets the node's series from the watcher's figures. Caller holds the lock on this object.</summary>
    public void Update(NodeMetrics node)
    {
        var primary = node.Role == "primary";
        Primary.Set(node.Role switch { "primary" => 1, "replica" => 0, _ => double.NaN });
        ScanOnly.Set(node.ScanOnly ? 1 : 0);
        // A replica is never scanned nor sampled; a demoted primary's last figures are stale, not its own.
        SessionKeys.Set(primary && node.SessionKeys >= 0 ? node.SessionKeys : double.NaN);
        DbKeys.Set(primary && node.Sampled ? node.DbKeys : double.NaN);
        UsedMemory.Set(primary && node.Sampled ? node.UsedMemoryBytes : double.NaN);
        if (primary && node.Sampled)
        {
            Evicted.Increment(StoreCardCells.Delta(node.EvictedKeysTotal, ref _lastEvicted));
            Expired.Increment(StoreCardCells.Delta(node.ExpiredKeysTotal, ref _lastExpired));
        }
    }
}
