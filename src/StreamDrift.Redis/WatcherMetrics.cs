using StreamDrift.Core.Signals;

namespace StreamDrift.Redis;

/// <summary>Cumulative counters of one store watcher, for the host's metrics endpoint.</summary>
/// <param name="SessionKeys">The live count.</param>
/// <param name="Events">Keyspace events per kind since start.</param>
/// <param name="CountChangingEvents">Events that moved the count.</param>
/// <param name="Reconciles">Reconcile scans completed.</param>
/// <param name="Corrections">Reconciles that changed the count.</param>
/// <param name="CorrectedKeys">Sum of |correction|: the events the subscription missed.</param>
/// <param name="Gaps">Keyspace gaps: drops, unproven subscriptions, flags switched off, SWAPDB/FLUSH*, shed messages, corrections beyond the bound.</param>
/// <param name="ShedEvents">Messages shed unread because the library's backlog passed the limit.</param>
/// <param name="MaxBacklog">Largest backlog seen in the library's message queue.</param>
/// <param name="UnparsedMessages">Messages that were not keyspace notifications.</param>
/// <param name="TopologyChanges">Changes of primaries followed (failovers, primaries added or removed); each one is also a gap.</param>
public sealed record WatcherMetrics(
    long SessionKeys,
    SessionEventCounts Events,
    long CountChangingEvents,
    long Reconciles,
    long Corrections,
    long CorrectedKeys,
    long Gaps,
    long ShedEvents,
    long MaxBacklog,
    long UnparsedMessages,
    long TopologyChanges);
