using StackExchange.Redis;

namespace StreamDrift.Redis.Scanning;

/// <summary>One server a count scans: a shard's primary, or one of its replicas.</summary>
/// <param name="Server">The endpoint to scan.</param>
/// <param name="Node">Its endpoint, HOST:PORT, as configured or discovered.</param>
/// <param name="Role">"primary" or "replica".</param>
/// <param name="Shard">The endpoint of the shard's primary (the node itself when it is the primary).</param>
/// <param name="Note">Why a primary is scanned although replicas were asked for (none connected, link down), or null.</param>
public sealed record CountTarget(IServer Server, string Node, string Role, string Shard, string? Note);
