namespace StreamDrift.Cli.Configuration;

/// <summary>
/// Start-time checks of the paths a run will write or read, so a path that can only fail later (a sink
/// pointing at a directory, a recording under a regular file or into /proc, a users file that is a directory)
/// stops the start with one line naming the setting (<see cref="UsageException"/>, exit 2) instead of a stack
/// trace from a host already running.
/// </summary>
internal static class OutputPaths
{
    /// <summary>Checks every path of a validated <c>run</c> configuration.</summary>
    public static void Check(StreamDriftOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.SinkPath is { } sink)
        {
            CheckWritable("Sink", "jsonl:" + sink, sink);
        }

        if (options.RecordPath is { } record)
        {
            CheckWritable("Record", record, record);
        }

        for (var i = 0; i < options.Stores.Count; i++)
        {
            if (options.Stores[i].Users is { Kind: UsersSourceKind.File } users)
            {
                CheckReadableLater($"Stores:{i}:Users", users.ToString(), users.Target);
            }
        }
    }

    /// <summary>
    /// Opens the file for appending (creating it and its directory, as the writer will): whatever makes that fail
    /// now would make the writer fail later. Appending leaves an existing file's content alone.
    /// </summary>
    public static void CheckWritable(string setting, string raw, string path)
    {
        try
        {
            var full = Path.GetFullPath(path);
            if (Directory.Exists(full))
            {
                throw Invalid(setting, raw, "is a directory, not a file");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            using var probe = new FileStream(full, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw Invalid(setting, raw, $"cannot be written: {e.Message.ReplaceLineEndings(" ")}");
        }
    }

    /// <summary>A file source may wait for its file to appear, but a directory, or a path under a regular file, never becomes one.</summary>
    private static void CheckReadableLater(string setting, string raw, string path)
    {
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw Invalid(setting, raw, $"is not a usable path: {e.Message.ReplaceLineEndings(" ")}");
        }

        if (Directory.Exists(full))
        {
            throw Invalid(setting, raw, "is a directory, not a file");
        }

        for (var parent = Path.GetDirectoryName(full); parent is not null; parent = Path.GetDirectoryName(parent))
        {
            if (File.Exists(parent))
            {
                throw Invalid(setting, raw, $"cannot exist: '{parent}' is a file, not a directory");
            }
        }
    }

    private static UsageException Invalid(string setting, string raw, string rule) =>
        new($"invalid setting {setting} '{raw}': {rule}");
}
