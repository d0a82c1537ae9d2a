using StackExchange.Redis;

namespace StreamDrift.Redis.Sentinel;

/// <summary>
/// Where a Sentinel-managed primary is found and how its nodes are reached. Sentinels and data nodes have their
/// own credentials (a deployment often protects them differently), which StackExchange.Redis's own
/// <c>serviceName</c> mode cannot express: it sends the data password to the sentinels too.
/// </summary>
public sealed class SentinelMasterOptions
{
    /// <summary>The master's name in the sentinels' configuration (<c>sentinel monitor NAME ...</c>). Required.</summary>
    public string MasterName { get; set; } = "";

    /// <summary>Sentinel endpoints, HOST:PORT. At least one; every one is asked, the majority's answer wins.</summary>
    public IList<string> Sentinels { get; } = new List<string>();

    /// <summary>ACL user on the sentinels (<c>sentinel</c> ACL); null for none.</summary>
    public string? SentinelUser { get; set; }

    /// <summary>Password of the sentinels (<c>requirepass</c> of the sentinel processes); null for none. Never logged.</summary>
    public string? SentinelPassword { get; set; }

    /// <summary>
    /// How a data node (primary or replica) is reached: user, password, client name, timeouts. Its endpoints are
    /// ignored; the sentinels name them.
    /// </summary>
    public ConfigurationOptions Data { get; set; } = new();
}
