using StreamDrift.Core.Samples;

namespace StreamDrift.LoadGen;

/// <summary><c>--users-file PATH</c> (appended, for <c>--users file:PATH</c>) or standard output: one JSON sample per line, flushed.</summary>
internal sealed class JsonLinesOutput(Stream stream) : IUsersOutput
{
    public static JsonLinesOutput ForFile(string path) =>
        new(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite));

    public void Write(ActiveUsersSample sample)
    {
        stream.Write(SampleJson.Serialize(sample));
        stream.WriteByte((byte)'\n');
        stream.Flush();
    }

    public ValueTask DisposeAsync() => stream.DisposeAsync();
}
