namespace StreamDrift.Redis;

/// <summary>One node's figures, for the <c>node</c>-labelled metrics; the store's figures are their sums over primaries.</summary>
/// <param name="Node">The endpoint, HOST:PORT.</param>
/// <param name="Role">"primary" or "replica".</param>
/// <param name="SessionKeys">Session keys the last reconcile found there; -1 before the first (replicas are never scanned).</param>
/// <param name="DbKeys">Keys in the watched DB by the last INFO sample.</param>
/// <param name="EvictedKeysTotal">INFO evicted_keys.</param>
/// <param name="ExpiredKeysTotal">INFO expired_keys.</param>
/// <param name="Sampled">True once INFO was sampled on the node (primaries only): the INFO figures are zero before.</param>
/// <param name="UsedMemoryBytes">INFO used_memory.</param>
/// <param name="ScanOnly">True while the primary is counted by paced SCAN only (CONFIG refused there, so no keyspace events).</param>
public sealed record NodeMetrics(
    string Node, string Role, long SessionKeys, long DbKeys, long EvictedKeysTotal, long ExpiredKeysTotal,
    bool Sampled = false, long UsedMemoryBytes = 0, bool ScanOnly = false);
