using System.Globalization;
using StackExchange.Redis;

namespace StreamDrift.Redis;

/// <summary>
/// Makes sure one server publishes the keyspace events StreamDrift counts: CONFIG GET, merge, CONFIG SET only
/// when something is missing, and read back. Called at start and after every reconnect, because a restarted
/// server or a promoted replica may not carry the setting.
/// </summary>
internal static class NotificationConfigurator
{
    /// <summary>Redis 7.0 introduced the <c>new</c> event, without which keys cannot be counted incrementally.</summary>
    public static readonly Version MinimumVersion = new(7, 0);

    /// <returns>
    /// The flags that had to be added; empty when the server already had them all, or when only 'n' behind 'A' was
    /// set again (Redis 7.0 never shows it there, so it cannot be told missing: see <see cref="NotifyKeyspaceEvents.MissingAfterSet"/>).
    /// </returns>
    public static async Task<string> EnsureAsync(IServer server, bool allowConfigSet, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        cancellationToken.ThrowIfCancellationRequested();
        if (server.Version < MinimumVersion)
        {
            throw new RedisSetupException(string.Create(CultureInfo.InvariantCulture,
                $"Redis {server.Version} at {server.EndPoint} is too old: StreamDrift needs Redis 7.0 or later for the keyspace 'new' event (upgrade the server, or run in SCAN-only mode)"));
        }

        string current;
        try
        {
            current = await ReadAsync(server).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisServerException or RedisCommandException)
        {
            throw Refused(server, "CONFIG GET", e, NotifyKeyspaceEvents.Required);
        }

        var merged = NotifyKeyspaceEvents.Merge(current);
        if (merged is null)
        {
            return "";
        }
        var missing = NotifyKeyspaceEvents.Missing(current);
        if (!allowConfigSet)
        {
            if (NotifyKeyspaceEvents.MissingAfterSet(current).Length == 0)
            {
                // Only 'n' is unreadable behind 'A' (see MissingAfterSet): trust the operator who set the flags.
                return "";
            }
            throw new RedisSetupException(
                $"notify-keyspace-events on {server.EndPoint} lacks '{missing}': set it to '{merged}' (StreamDrift is configured not to change it)");
        }
        try
        {
            await server.ConfigSetAsync("notify-keyspace-events", merged).ConfigureAwait(false);
            var after = await ReadAsync(server).ConfigureAwait(false);
            if (NotifyKeyspaceEvents.MissingAfterSet(after).Length != 0)
            {
                throw new RedisSetupException(
                    $"notify-keyspace-events on {server.EndPoint} is '{after}' after setting '{merged}': set it to include '{NotifyKeyspaceEvents.Required}'");
            }
        }
        catch (Exception e) when (e is RedisServerException or RedisCommandException)
        {
            throw Refused(server, "CONFIG SET", e, missing, merged);
        }
        // Setting it again is harmless; reporting it would make every re-check a false "switched off" gap.
        return NotifyKeyspaceEvents.MissingAfterSet(current);
    }

    private static async Task<string> ReadAsync(IServer server)
    {
        var pairs = await server.ConfigGetAsync("notify-keyspace-events").ConfigureAwait(false);
        foreach (var pair in pairs)
        {
            if (string.Equals(pair.Key, "notify-keyspace-events", StringComparison.OrdinalIgnoreCase))
            {
                return pair.Value ?? "";
            }
        }
        return "";
    }

    // One line, naming the exact flags: on managed Redis the operator sets them in the provider's parameter group.
    private static RedisSetupException Refused(IServer server, string command, Exception e, string flags, string? value = null)
    {
        var reason = e.Message.ReplaceLineEndings(" ");
        var target = value is null ? $"include the flags '{flags}'" : $"'{value}' (adds '{flags}')";
        return new RedisSetupException(
            $"{command} refused on {server.EndPoint} ({reason}): set notify-keyspace-events to {target} (K keyspace, n new, g generic, x expired, e evicted, $ string, h hash), keeping the flags already set",
            e);
    }
}
