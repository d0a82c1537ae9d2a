namespace StreamDrift.Redis;

/// <summary>What a replica's INFO replication says about its primary.</summary>
internal static class ReplicationInfo
{
    /// <summary>The primary a replica follows, <c>master_host:master_port</c>; null on a primary.</summary>
    public static string? PrimaryOf(string info)
    {
        var host = Field(info, "master_host");
        var port = Field(info, "master_port");
        return host is null || port is null ? null : $"{host}:{port}";
    }

    /// <summary>True when the replica's link to its primary is up (<c>master_link_status:up</c>): its keyspace is current.</summary>
    public static bool LinkUp(string info) => Field(info, "master_link_status") == "up";

    private static string? Field(string info, string name)
    {
        foreach (var raw in info.AsSpan().EnumerateLines())
        {
            var line = raw.Trim();
            if (line.Length > name.Length && line[name.Length] == ':' && line.StartsWith(name, StringComparison.Ordinal))
            {
                return line[(name.Length + 1)..].ToString();
            }
        }
        return null;
    }
}
