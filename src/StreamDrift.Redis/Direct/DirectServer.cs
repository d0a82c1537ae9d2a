using System.Globalization;
using System.Net.Sockets;
using StreamDrift.Core.Layouts;
using StreamDrift.Redis.Scanning;

namespace StreamDrift.Redis.Direct;

/// <summary>
/// Opens a <see cref="DirectPageSource"/> on one Redis endpoint for a count over shares, only where that is known
/// to be right: the server answers AUTH and SELECT, says it is a standalone (not cluster, not sentinel) primary of
/// Redis's own cursor (not Dragonfly), and the DB holds at least <see cref="ScanShares.MinimumKeys"/> keys. Anything
/// else (an error reply, a refused or closed connection, a timeout) closes what was opened and gives null with why,
/// so the caller takes the library's path, which reports or handles it as it always has.
/// </summary>
public static class DirectServer
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    /// <param name="host">The host name or address.</param>
    /// <param name="port">The TCP port.</param>
    /// <param name="user">The ACL user, or null (with a password: the default user).</param>
    /// <param name="password">The password, or null for none.</param>
    /// <param name="database">The logical DB to SELECT.</param>
    /// <param name="shares">Connections to open, one per share (2 or more).</param>
    /// <param name="rules">Which matches are sessions; null or prefixes-only counts every match.</param>
    /// <param name="cancellationToken">Stops the opening.</param>
    public static async Task<(DirectPageSource? Source, string? WhyNot)> OpenAsync(
        string host, int port, string? user, string? password, int database, int shares, SessionKeyRules? rules, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(shares, 2);
        var connections = new List<RespConnection>(shares);
        try
        {
            var first = await HandshakeAsync(host, port, user, password, database, connections, cancellationToken).ConfigureAwait(false);
            first.Queue("INFO", "server");
            first.Queue("INFO", "replication");
            first.Queue("DBSIZE");
            await first.FlushAsync(cancellationToken).ConfigureAwait(false);
            var server = await first.ReadReplyAsync(cancellationToken).ConfigureAwait(false) as string ?? "";
            var replication = await first.ReadReplyAsync(cancellationToken).ConfigureAwait(false) as string ?? "";
            var keys = await first.ReadReplyAsync(cancellationToken).ConfigureAwait(false) as long? ?? -1;
            if (WhyNotShared(server, replication, keys) is { } reason)
            {
                return Close(connections, reason);
            }
            for (var i = 1; i < shares; i++)
            {
                await HandshakeAsync(host, port, user, password, database, connections, cancellationToken).ConfigureAwait(false);
            }
            return (new DirectPageSource(connections, rules, $"plain SCAN over {shares} shares side by side, direct sockets"), null);
        }
        catch (Exception e) when (e is SocketException or IOException or RespErrorException or OperationCanceledException)
        {
            return Close(connections, $"{e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
        }
    }

    // Why this server's pass may not be cut into shares read over these sockets, or null when it may.
    private static string? WhyNotShared(string server, string replication, long keys)
    {
        var fields = Fields(server + "\n" + replication);
        if (!fields.ContainsKey("redis_version"))
        {
            return "INFO server names no redis_version";
        }
        if (fields.ContainsKey("dragonfly_version"))
        {
            return "Dragonfly: its cursor is its own";
        }
        if (!fields.TryGetValue("redis_mode", out var mode) || mode != "standalone")
        {
            return $"redis_mode {mode ?? "unknown"}";
        }
        if (!fields.TryGetValue("role", out var role) || role != "master")
        {
            return $"role {role ?? "unknown"}";
        }
        return keys < ScanShares.MinimumKeys
            ? $"{keys.ToString(CultureInfo.InvariantCulture)} keys: below {ScanShares.MinimumKeys}"
            : null;
    }

    // INFO's "name:value" lines (sections' "# Title" lines and blanks skipped).
    private static Dictionary<string, string> Fields(string info)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in info.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[0] != '#')
            {
                fields[line[..colon]] = line[(colon + 1)..].TrimEnd('\r');
            }
        }
        return fields;
    }

    // A connection that has said yes to AUTH and SELECT, added to `opened` so it is closed on any failure.
    private static async Task<RespConnection> HandshakeAsync(
        string host, int port, string? user, string? password, int database, List<RespConnection> opened, CancellationToken cancellationToken)
    {
        var connection = await RespConnection.OpenAsync(host, port, ConnectTimeout, cancellationToken).ConfigureAwait(false);
        opened.Add(connection);
        var replies = 0;
        if (password is not null)
        {
            if (user is not null)
            {
                connection.Queue("AUTH", user, password);
            }
            else
            {
                connection.Queue("AUTH", password);
            }
            replies++;
        }
        if (database != 0)
        {
            connection.Queue("SELECT", database.ToString(CultureInfo.InvariantCulture));
            replies++;
        }
        if (replies == 0)
        {
            return connection;
        }
        await connection.FlushAsync(cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < replies; i++)
        {
            if (await connection.ReadReplyAsync(cancellationToken).ConfigureAwait(false) is not "OK")
            {
                throw new RespErrorException("AUTH or SELECT did not reply OK");
            }
        }
        return connection;
    }

    private static (DirectPageSource?, string?) Close(List<RespConnection> connections, string reason)
    {
        foreach (var connection in connections)
        {
            connection.Dispose();
        }
        return (null, reason);
    }
}
