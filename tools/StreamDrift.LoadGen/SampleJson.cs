using System.Text.Json;
using System.Text.Json.Serialization;
using StreamDrift.Core.Samples;

namespace StreamDrift.LoadGen;

/// <summary>The JSON form of the input contract (camelCase fields, ISO-8601 observedAt, no null orders).</summary>
internal static class SampleJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static byte[] Serialize(ActiveUsersSample sample) => JsonSerializer.SerializeToUtf8Bytes(sample, Options);
}
