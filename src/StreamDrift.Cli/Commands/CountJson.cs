using System.Text;
using System.Text.Json;
using StreamDrift.Redis.Scanning;

namespace StreamDrift.Cli.Commands;

/// <summary>The one JSON line of <c>streamdrift count --json</c>.</summary>
internal static class CountJson
{
    public static string Format(IReadOnlyList<ServerCount> servers, IReadOnlyList<string> prefixes, CountOptions options, TimeSpan elapsed)
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

    // "script", "scan", or "mixed" when some servers refused scripting and others did not.
    private static string Mode(IReadOnlyList<ServerCount> servers)
    {
        var script = servers.Count(s => s.Mode == ScanMode.Script);
        return script == servers.Count ? "script" : script == 0 ? "scan" : "mixed";
    }
}
