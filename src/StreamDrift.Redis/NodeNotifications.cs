namespace StreamDrift.Redis;

/// <summary>
/// Merges the notification flags on a set of nodes (primaries and replicas alike, so a promotion starts with
/// them). Every node is tried; the ones that refuse are reported together in one line naming them and the
/// exact flags, since on managed services the operator sets them in the provider's parameter group.
/// </summary>
internal static class NodeNotifications
{
    /// <returns>Null when every node carries the flags; else one exception whose message names every refusing node.</returns>
    public static async Task<RedisSetupException?> EnsureAsync(IReadOnlyList<RedisNode> nodes, CancellationToken cancellationToken) =>
        (await EnsureEachAsync(nodes, cancellationToken).ConfigureAwait(false)).Refusal;

    /// <returns>The nodes that refused, and one exception whose message names every one of them (null when none did).</returns>
    public static async Task<(IReadOnlyList<RedisNode> Refused, RedisSetupException? Refusal)> EnsureEachAsync(
        IReadOnlyList<RedisNode> nodes, CancellationToken cancellationToken)
    {
        var refused = new List<(RedisNode Node, RedisSetupException Error)>();
        foreach (var node in nodes)
        {
            try
            {
                await node.EnsureNotificationsAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (RedisSetupException e)
            {
                refused.Add((node, e));
            }
        }
        var refusal = refused.Count switch
        {
            0 => null,
            1 => refused[0].Error,
            _ => new RedisSetupException(
                $"{refused.Count} of {nodes.Count} nodes cannot be used: {string.Join(" | ", refused.Select(r => r.Error.Message))}", refused[0].Error),
        };
        return ([.. refused.Select(r => r.Node)], refusal);
    }
}
