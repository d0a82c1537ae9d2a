namespace StreamDrift.Cli.Configuration;

/// <summary>Where a store's active-user samples come from (<c>--users</c>).</summary>
internal enum UsersSourceKind
{
    Kafka,
    Http,
    File,
    Simulator,
    /// <summary>The <c>users</c> lines of a replay recording (never given by flag).</summary>
    Recording,
}
