using StreamDrift.Core.Options;

namespace StreamDrift.Connectors.File;

/// <summary>Settings of a followed JSON-lines file of active-user samples (one JSON object per line).</summary>
public sealed record JsonLinesFileSourceOptions
{
    /// <summary>The file to follow. Required. It may not exist yet: the source waits for it.</summary>
    public required string Path { get; init; }

    /// <summary>How often the file is checked for appended lines. Default 1 s; at least 10 ms.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>True (default): read what the file already holds, then follow. False: start at its current end.</summary>
    public bool FromStart { get; init; } = true;

    /// <summary>A line longer than this is rejected as malformed and skipped, so a missing newline cannot grow memory. Default 64 KiB; at least 256.</summary>
    public int MaxLineBytes { get; init; } = 64 * 1024;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        OptionGuard.Require(!string.IsNullOrWhiteSpace(Path), nameof(JsonLinesFileSourceOptions), nameof(Path), "is required");
        OptionGuard.Require(PollInterval >= TimeSpan.FromMilliseconds(10), nameof(JsonLinesFileSourceOptions), nameof(PollInterval), "must be at least 10 ms");
        OptionGuard.Require(MaxLineBytes >= 256, nameof(JsonLinesFileSourceOptions), nameof(MaxLineBytes), "must be at least 256");
    }
}
