using System.Text.Json;
using System.Text.Json.Serialization;
using StreamDrift.Core.Samples;

namespace StreamDrift.TestSupport.Scenarios;

/// <summary>Appends active-user samples as JSON lines, flushed per line, for <c>--users file:PATH</c> to follow.</summary>
internal sealed class UsersFileWriter(string path) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private readonly FileStream _stream = new(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);

    public void Write(ActiveUsersSample sample)
    {
        _stream.Write(JsonSerializer.SerializeToUtf8Bytes(sample, Json));
        _stream.WriteByte((byte)'\n');
        _stream.Flush();
    }

    public void Dispose() => _stream.Dispose();
}
