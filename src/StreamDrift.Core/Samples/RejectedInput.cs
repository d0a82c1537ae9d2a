namespace StreamDrift.Core.Samples;

/// <summary>
/// An input record StreamDrift refused, with enough context to find and replay it: the source it came
/// from, the reason, a one-line detail, and the raw payload (as received, possibly truncated).
/// </summary>
public sealed record RejectedInput(
    string Source,
    RejectionReason Reason,
    string Detail,
    ReadOnlyMemory<byte> Payload,
    DateTimeOffset RejectedAt,
    string? StoreId = null);
