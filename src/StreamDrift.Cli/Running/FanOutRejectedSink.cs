using StreamDrift.Core.Samples;

namespace StreamDrift.Cli.Running;

/// <summary>Hands each rejected input to every sink (metrics count it, Kafka dead-letters it).</summary>
internal sealed class FanOutRejectedSink(params IRejectedInputSink[] sinks) : IRejectedInputSink
{
    public void Reject(RejectedInput rejected)
    {
        foreach (var sink in sinks)
        {
            sink.Reject(rejected);
        }
    }
}
