namespace StreamDrift.Core.Classification;

/// <summary>Why a store drifted. Symbols match the Avro enum <c>Cause</c> (upper snake case there).</summary>
public enum Cause
{
    None,
    SessionsEvicted,
    SessionsExpiringEarly,
    SessionWritesFailing,
    SessionPrefixChanged,
    OrphanedSessions,
    BotTraffic,
    ConnectorStale,
    Unknown,
}
