using System.Text;
using System.Text.Json;
using StreamDrift.Redis.Scanning;

namespace StreamDrift.Cli.Commands;

/// <summary>The one JSON line of <c>streamdrift count --json</c>.</summary>
internal static class CountJson
{
    /// <summary>A counted server as the JSON names it.</summary>
    /// <param name="Name">HOST:PORT as configured or discovered.</param>
    /// <param name="Role">"primary" or "replica".</param>
    /// <param name="Shard">Its primary's HOST:PORT.</param>
    /// <param name="Note">Why a primary was counted although replicas were asked for, or null.</param>
    public sealed record Node(string Name, string Role, string Shard, string? Note);

    /// <param name="nodes">The servers counted, one per shard.</param>
    /// <param name="servers">What each of <paramref name="nodes"/> found, in the same order.</param>
    /// <param name="prefixes">The prefixes counted.</param>
    /// <param name="options">The command's flags.</param>
    /// <param name="elapsed">Wall time of the whole count.</param>
    public static string Format(IReadOnlyList<Node> nodes, IReadOnlyList<ServerCount> servers, IReadOnlyList<string> prefixes, CountOptions options, TimeSpan elapsed)
    {
        long keys = 0, pages = 0;
        var serverTime = TimeSpan.Zero;
        foreach (var server in servers)
        {
            keys += server.Keys;
            pages += server.Pages;
            serverTime += server.ServerTime;
        }
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("count", keys);
            // Keys SCAN returned, duplicates included; equal to count since count does not de-duplicate.
            json.WriteNumber("scanned", keys);
            json.WriteNumber("pages", pages);
            json.WriteNumber("elapsedMs", Math.Round(elapsed.TotalMilliseconds, 1));
            // Script mode: the servers' own time in the steps (TIME around each page); plain mode: round trips.
            json.WriteNumber("serverMs", Math.Round(serverTime.TotalMilliseconds, 1));
            json.WriteString("mode", Mode(servers));
            var reason = servers.Select(s => s.FallbackReason).FirstOrDefault(r => r is not null);
            if (reason is not null)
            {
                json.WriteString("fallbackReason", reason);
            }
            json.WriteNumber("servers", servers.Count);
            json.WriteBoolean("replicas", options.Replicas);
            json.WriteStartArray("nodes");
            for (var i = 0; i < nodes.Count; i++)
            {
                WriteNode(json, nodes[i], servers[i]);
            }
            json.WriteEndArray();
            json.WriteNumber("pageSize", options.PageSize);
            json.WriteNumber("db", options.Database);
            json.WriteStartArray("prefixes");
            foreach (var prefix in prefixes)
            {
                json.WriteStringValue(prefix);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    // One counted server: which node, its role and shard, what it found and how.
    private static void WriteNode(Utf8JsonWriter json, Node target, ServerCount count)
    {
        json.WriteStartObject();
        json.WriteString("node", target.Name);
        json.WriteString("role", target.Role);
        json.WriteString("shard", target.Shard);
        json.WriteNumber("count", count.Keys);
        json.WriteNumber("pages", count.Pages);
        json.WriteNumber("serverMs", Math.Round(count.ServerTime.TotalMilliseconds, 1));
        json.WriteString("mode", count.Mode == ScanMode.Script ? "script" : "scan");
        json.WriteNumber("shares", count.Shares);
        if (count.FallbackReason is { } reason)
        {
            json.WriteString("fallbackReason", reason);
        }
        if (target.Note is { } note)
        {
            json.WriteString("note", note);
        }
        json.WriteEndObject();
    }

    // "script", "scan", or "mixed" when some servers refused scripting and others did not.
    private static string Mode(IReadOnlyList<ServerCount> servers)
    {
        var script = servers.Count(s => s.Mode == ScanMode.Script);
        return script == servers.Count ? "script" : script == 0 ? "scan" : "mixed";
    }
}
