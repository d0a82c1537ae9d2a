namespace StreamDrift.Redis.Local;

/// <summary>How to start a <see cref="LocalRedisServer"/>. The defaults start a plain, non-persistent primary.</summary>
public sealed record LocalRedisServerOptions
{
    /// <summary>
    /// Lines appended to the server's own config file after the defaults (port, loopback bind, no persistence,
    /// its own directory), e.g. <c>cluster-enabled yes</c> or <c>sentinel monitor m 127.0.0.1 6379 2</c>.
    /// A config file because Sentinel and cluster mode write their state back into it and its directory.
    /// </summary>
    public IReadOnlyList<string> ConfigLines { get; init; } = [];

    /// <summary>Command-line arguments after the config file, e.g. <c>--maxmemory 8mb</c> or <c>--replicaof 127.0.0.1 6380</c>.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Start with the keyspace notifications StreamDrift counts already on (the demo's server).</summary>
    public bool KeyspaceNotifications { get; init; }

    /// <summary>Start a Sentinel (<c>redis-server --sentinel</c>) instead of a data node.</summary>
    public bool Sentinel { get; init; }

    /// <summary>How long the server may take to accept connections. Default 10 s.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
