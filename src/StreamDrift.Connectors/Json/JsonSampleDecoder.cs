using System.Text.Json;
using StreamDrift.Core.Samples;

namespace StreamDrift.Connectors.Json;

/// <summary>
/// Turns raw JSON payloads of one source into samples; whatever does not parse goes to the dead-letter
/// hook with its reason and (a bounded copy of) the payload. Shared by the file and HTTP sources.
/// </summary>
internal sealed class JsonSampleDecoder(string source, IRejectedInputSink rejected, TimeProvider time)
{
    /// <summary>Dead-letter payloads are cut here: enough to find and replay a record, not a memory hazard.</summary>
    private const int MaxPayloadBytes = 16 * 1024;

    /// <summary>Decodes one JSON object (a file line, a Kafka value).</summary>
    public bool TryDecode(ReadOnlySpan<byte> payload, out ActiveUsersSample? sample)
    {
        if (ActiveUsersSampleJson.TryParse(payload, out sample, out var reason, out var detail))
        {
            return true;
        }

        Reject(payload, reason, detail);
        return false;
    }

    /// <summary>Decodes a body holding either one sample object or an array of them (HTTP endpoints do both).</summary>
    public void DecodeBody(ReadOnlySpan<byte> body, List<ActiveUsersSample> into)
    {
        var trimmed = body.TrimStart(" \t\r\n"u8);
        if (trimmed.IsEmpty || trimmed[0] != (byte)'[')
        {
            if (TryDecode(body, out var one))
            {
                into.Add(one!);
            }

            return;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException ex)
        {
            Reject(body, RejectionReason.MalformedJson, ex.Message);
            return;
        }

        using (document)
        {
            foreach (var element in document.RootElement.EnumerateArray())
            {
                // One bad element rejects that element only; its neighbours still count.
                if (TryDecode(System.Text.Encoding.UTF8.GetBytes(element.GetRawText()), out var sample))
                {
                    into.Add(sample!);
                }
            }
        }
    }

    public void Reject(ReadOnlySpan<byte> payload, RejectionReason reason, string detail)
    {
        var kept = payload.Length > MaxPayloadBytes ? payload[..MaxPayloadBytes] : payload;
        rejected.Reject(new RejectedInput(source, reason, detail, kept.ToArray(), time.GetUtcNow()));
    }
}
