namespace StreamDrift.Core.Samples;

/// <summary>
/// A dead-letter decorator that counts rejections per reason before handing them on. Thread-safe; the
/// host exposes the counts as metrics and wraps the Kafka dead-letter sink with it.
/// </summary>
public sealed class RejectionCounters : IRejectedInputSink
{
    private readonly long[] _counts = new long[Enum.GetValues<RejectionReason>().Length];
    private readonly IRejectedInputSink? _next;

    /// <param name="next">The sink to forward to (dead-letter topic, log); null to only count.</param>
    public RejectionCounters(IRejectedInputSink? next = null) => _next = next;

    /// <summary>Rejections so far for one reason.</summary>
    public long this[RejectionReason reason] => Interlocked.Read(ref _counts[(int)reason]);

    /// <summary>Rejections so far, all reasons.</summary>
    public long Total
    {
        get
        {
            long total = 0;
            for (var i = 0; i < _counts.Length; i++)
            {
                total += Interlocked.Read(ref _counts[i]);
            }

            return total;
        }
    }

    public void Reject(RejectedInput rejected)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        Interlocked.Increment(ref _counts[(int)rejected.Reason]);
        _next?.Reject(rejected);
    }
}
