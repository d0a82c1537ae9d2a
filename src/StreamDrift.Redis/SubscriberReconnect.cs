using StackExchange.Redis;

namespace StreamDrift.Redis;

/// <summary>
/// The last step of <see cref="SubscriptionGuard"/>'s escalation: closes our own subscriber connections on one
/// node (<c>CLIENT KILL ID</c> of each pub/sub client named ours), so the client library reconnects them from a new
/// socket. Used only after renewing on the connection as it is did not bring the subscription back.
/// </summary>
internal static class SubscriberReconnect
{
    /// <summary>Closes every pub/sub connection named <paramref name="clientName"/> on the server; returns how many.</summary>
    public static async Task<int> CloseAsync(IServer server, string clientName)
    {
        ArgumentNullException.ThrowIfNull(server);
        var reply = await server.ExecuteAsync("CLIENT", "LIST", "TYPE", "pubsub").ConfigureAwait(false);
        var closed = 0;
        foreach (var id in SubscriptionVerifier.ClientIds((string?)reply ?? "", clientName))
        {
            // A client gone by now answers with an error: nothing left to close.
            try
            {
                await server.ExecuteAsync("CLIENT", "KILL", "ID", id).ConfigureAwait(false);
                closed++;
            }
            catch (RedisServerException)
            {
            }
        }
        return closed;
    }
}
