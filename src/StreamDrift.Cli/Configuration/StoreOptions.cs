namespace StreamDrift.Cli.Configuration;

/// <summary>
/// One watched store: its session Redis, where its active users come from, and how it is judged.
/// Defaults and limits are the ones <see cref="OptionsReader"/> enforces and the README lists.
/// </summary>
internal sealed record StoreOptions
{
    /// <summary>Store id: the Kafka record key and the metrics label. Required; letters, digits, <c>-_.</c>; 1 to 64 chars.</summary>
    public required string Id { get; init; }

    /// <summary>Redis endpoints (<c>HOST:PORT</c>); several for a cluster's or a sentinel's seeds. Default <c>127.0.0.1:6379</c>.</summary>
    public required IReadOnlyList<string> Redis { get; init; }

    /// <summary>Optional Redis user (ACL). The password is read from the same section and never logged.</summary>
    public string? RedisUser { get; init; }

    public string? RedisPassword { get; init; }

    /// <summary>
    /// Sentinel: the master's name (<c>sentinel monitor NAME ...</c>); the <see cref="Redis"/> endpoints are then its
    /// sentinels, which name the primary and replicas. Null (default): the endpoints are the data nodes.
    /// </summary>
    public string? SentinelMaster { get; init; }

    /// <summary>Optional ACL user of the sentinels. Their password is read from the same section and never logged.</summary>
    public string? SentinelUser { get; init; }

    public string? SentinelPassword { get; init; }

    /// <summary>Logical DB holding the sessions. Default 0; limits 0 to 15.</summary>
    public int Db { get; init; }

    /// <summary>Key prefixes of session keys. Default <c>sess:</c>; 1 to 16 prefixes, none empty or containing glob characters.</summary>
    public required IReadOnlyList<string> Prefixes { get; init; }

    /// <summary>The framework preset (<c>express</c>, <c>php</c>, ...) the keys follow; null = plain prefixes. Sets the default prefixes.</summary>
    public string? Layout { get; init; }

    /// <summary>Globs of keys under the prefixes that are not sessions: the layout's and <c>--exclude</c>'s. Default none.</summary>
    public IReadOnlyList<string> Exclusions { get; init; } = [];

    /// <summary>Exact length of a session id after the prefix (the layout's); 0 = any.</summary>
    public int SessionIdLength { get; init; }

    /// <summary>The storefront's configured session timeout (the TTL it gives keys). Default 30m; limits 1s to 30d.</summary>
    public TimeSpan SessionTtl { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Active-user source. Required.</summary>
    public required UsersSource Users { get; init; }

    /// <summary>Event-time window length. Default 60s; limits 1s to 1h.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a window stays open for late samples after its end. Default 30s; limits 0s to 10m.</summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Period of the reconcile scan. Default 5m; limits 1s to 24h.</summary>
    public TimeSpan ReconcileEvery { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>No fresh user sample for this long makes the store stale. Default 3m; limits 1s to 1h.</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromMinutes(3);

    public SensitivityOptions Sensitivity { get; init; } = new();
}
