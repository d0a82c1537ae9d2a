namespace StreamDrift.Kafka.Sink;

/// <summary>Counters of the sink since it started (for metrics and /healthz).</summary>
/// <param name="Delivered">Records the brokers acknowledged.</param>
/// <param name="Failed">Records whose delivery report carried an error.</param>
/// <param name="Buffered">Records accepted, not yet acknowledged.</param>
/// <param name="DeadLettersDropped">Dead letters dropped because the buffer was full.</param>
public readonly record struct SinkStatistics(long Delivered, long Failed, long Buffered, long DeadLettersDropped);
