using System.Collections.Concurrent;
using StreamDrift.Core.Samples;

namespace StreamDrift.TestSupport;

public sealed class RecordingRejectedSink : IRejectedInputSink
{
    public ConcurrentQueue<RejectedInput> Rejected { get; } = new();

    public void Reject(RejectedInput rejected) => Rejected.Enqueue(rejected);
}
