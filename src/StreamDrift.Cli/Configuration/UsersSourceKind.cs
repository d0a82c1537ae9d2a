namespace StreamDrift.Cli.Configuration;

/// <summary>Where a store's active-user samples come from (<c>--users</c>).</summary>
internal enum UsersSourceKind
{
    Kafka,
    Http,
    File,
    Simulator,
}
