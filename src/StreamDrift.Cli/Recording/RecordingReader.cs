using System.Runtime.CompilerServices;

namespace StreamDrift.Cli.Recording;

/// <summary>Reads a recording line by line (blank lines skipped); a bad line stops with its number.</summary>
internal static class RecordingReader
{
    public static async IAsyncEnumerable<RecordingEntry> ReadAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(path);
        long lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return RecordingJson.Parse(line, lineNumber);
            }
        }
    }
}
