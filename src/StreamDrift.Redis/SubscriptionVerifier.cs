using System.Globalization;
using StackExchange.Redis;

namespace StreamDrift.Redis;

/// <summary>
/// Asks a server which pattern subscriptions our connections really hold, instead of trusting the client
/// library's view (which can stay "subscribed" after the server dropped the subscriber: see
/// <see cref="KeyspaceSubscription.RenewAsync"/>). Reusable per node: a topology that subscribes node by node calls
/// <see cref="PatternSubscriptionsAsync"/> on each node with the multiplexer's client name.
/// </summary>
internal static class SubscriptionVerifier
{
    /// <summary>
    /// Sum of <c>psub=</c> over the server's pub/sub clients named <paramref name="clientName"/>
    /// (<c>CLIENT LIST TYPE pubsub</c>: only subscriber connections, so cheap even with many clients).
    /// </summary>
    public static async Task<long> PatternSubscriptionsAsync(IServer server, string clientName)
    {
        ArgumentNullException.ThrowIfNull(server);
        var reply = await server.ExecuteAsync("CLIENT", "LIST", "TYPE", "pubsub").ConfigureAwait(false);
        return CountPatterns((string?)reply ?? "", clientName);
    }

    /// <summary>Parses a CLIENT LIST reply: one client per line, space-separated <c>field=value</c> pairs.</summary>
    public static long CountPatterns(string clientList, string clientName) => Clients(clientList, clientName).Sum(c => c.Patterns);

    /// <summary>The ids of the clients named <paramref name="clientName"/> in a CLIENT LIST reply (for CLIENT KILL ID).</summary>
    public static IEnumerable<string> ClientIds(string clientList, string clientName) => Clients(clientList, clientName).Select(c => c.Id);

    private static IEnumerable<(string Id, long Patterns)> Clients(string clientList, string clientName)
    {
        foreach (var line in clientList.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string? name = null;
            var id = "";
            long psub = 0;
            foreach (var field in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (field.StartsWith("name=", StringComparison.Ordinal))
                {
                    name = field[5..];
                }
                else if (field.StartsWith("id=", StringComparison.Ordinal))
                {
                    id = field[3..];
                }
                else if (field.StartsWith("psub=", StringComparison.Ordinal))
                {
                    _ = long.TryParse(field.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out psub);
                }
            }
            if (string.Equals(name, clientName, StringComparison.Ordinal))
            {
                yield return (id, psub);
            }
        }
    }
}
