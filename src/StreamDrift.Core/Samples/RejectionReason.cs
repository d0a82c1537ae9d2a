namespace StreamDrift.Core.Samples;

/// <summary>Why an input record was refused. Each reason has its own counter and dead-letter entry.</summary>
public enum RejectionReason
{
    MalformedJson,
    MalformedAvro,
    WrongSchema,
    MissingField,
    NegativeCount,
    FutureEventTime,
    OlderThanHistory,
    LateBeyondGrace,
    UnknownStore,
    Duplicate,
}
