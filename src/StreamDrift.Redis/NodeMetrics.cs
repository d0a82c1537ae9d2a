namespace StreamDrift.Redis;

/// <summary>One node's figures, for the <c>node</c>-labelled metrics; the store's figures are their sums over primaries.</summary>
/// <param name="Node">The endpoint, HOST:PORT.</param>
/// <param name="Role">"primary" or "replica".</param>
/// <param name="SessionKeys">Session keys the last reconcile found there; -1 before the first (replicas are never scanned).</param>
/// <param name="DbKeys">Keys in the watched DB by the last INFO sample.</param>
/// <param name="EvictedKeysTotal">INFO evicted_keys.</param>
/// <param name="ExpiredKeysTotal">INFO expired_keys.</param>
public sealed record NodeMetrics(string Node, string Role, long SessionKeys, long DbKeys, long EvictedKeysTotal, long ExpiredKeysTotal);
