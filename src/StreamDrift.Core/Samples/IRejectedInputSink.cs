namespace StreamDrift.Core.Samples;

/// <summary>
/// The dead-letter hook: every rejected input is handed here (the Kafka sink publishes it on the
/// dead-letter topic; metrics count it per reason). Must not throw and must not block for long.
/// </summary>
public interface IRejectedInputSink
{
    void Reject(RejectedInput rejected);
}
