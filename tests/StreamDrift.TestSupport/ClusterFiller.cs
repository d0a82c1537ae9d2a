using System.Globalization;
using StackExchange.Redis;

namespace StreamDrift.TestSupport;

/// <summary>
/// Fills a test cluster fast: each primary writes the keys of its own slots in a server-side Lua loop, so a million
/// keys cost a few script calls instead of a million round trips. DEBUG POPULATE cannot do this: it writes
/// <c>prefix:N</c> on one node regardless of which node owns the slot, and a cluster then serves keys it should
/// not hold. Keys are <c>&lt;prefix&gt;{tag}N</c>, the tags chosen so that every one of the 16,384 slots gets its share.
/// </summary>
public static class ClusterFiller
{
    private const int SlotCount = 16_384;

    // Keys per script call: tens of milliseconds of the node's time. A node busy in a script answers no cluster
    // ping, and one busy past cluster-node-timeout is taken for failed: the cluster goes down under the filler.
    private const int Batch = 10_000;

    // allow-cross-slot-keys: one call writes keys of many slots, all of them owned by the node that runs it.
    private const string Script = """
        #!lua flags=allow-cross-slot-keys
        local prefix, first, last = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
        local tags = #ARGV - 3
        for i = first, last do
          redis.call('SET', prefix .. '{' .. ARGV[4 + (i % tags)] .. '}' .. i, 'v')
        end
        return last - first + 1
        """;


    /// <summary>Writes <paramref name="count"/> keys under <paramref name="prefix"/>, shared among the primaries by the slots they own.</summary>
    public static async Task FillAsync(IConnectionMultiplexer connection, string prefix, int count)
    {
        var any = connection.GetServers().First(s => s.IsConnected);
        var nodes = (await any.ClusterNodesAsync().ConfigureAwait(false))!.Nodes
            .Where(n => !n.IsReplica && n.Slots.Count > 0)
            .ToList();
        var tagOfSlot = FindTags(connection);
        var written = 0;
        var fills = new List<Task>();
        for (var i = 0; i < nodes.Count; i++)
        {
            var slots = nodes[i].Slots.SelectMany(r => Enumerable.Range(r.From, r.To - r.From + 1)).ToArray();
            var share = i == nodes.Count - 1 ? count - written : (int)((long)count * slots.Length / SlotCount);
            fills.Add(FillNodeAsync(connection.GetServer(nodes[i].EndPoint!), prefix, written, share, [.. slots.Select(s => tagOfSlot[s])]));
            written += share;
        }
        await Task.WhenAll(fills).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits until the cluster is settled for a count: every node's CLUSTER NODES names the same primary for each
    /// replica and flags none as failing, every replica's link to its primary is up, and every replica holds as many
    /// keys as its primary (replication caught up). One node's view is not enough: a CI run counted a shard as
    /// having no replica at all, the node the count asked not yet listing it under its primary.
    /// </summary>
    public static async Task UntilReplicasCaughtUpAsync(IConnectionMultiplexer connection, TimeSpan deadline)
    {
        await Eventually.Until(async () =>
        {
            var replicaMaps = new HashSet<string>(StringComparer.Ordinal);
            ClusterConfiguration? agreed = null;
            foreach (var server in connection.GetServers().Where(s => s.IsConnected))
            {
                var view = (await server.ClusterNodesAsync().ConfigureAwait(false))!;
                if (view.Nodes.Any(n => n.IsFail || n.IsPossiblyFail || n.IsNoAddr))
                {
                    return false;
                }
                replicaMaps.Add(string.Join(",", view.Nodes.Where(n => n.IsReplica).Select(n => $"{n.EndPoint}>{view.Nodes.FirstOrDefault(p => p.NodeId == n.ParentNodeId)?.EndPoint}").Order(StringComparer.Ordinal)));
                agreed = view;
            }
            // Every view agrees, so any of them (the last one read) names the primaries and their replicas.
            if (agreed is null || replicaMaps.Count != 1)
            {
                return false;
            }

            foreach (var node in agreed.Nodes.Where(n => !n.IsReplica && n.Slots.Count > 0))
            {
                var keys = await KeysOnAsync(connection, node.EndPoint!).ConfigureAwait(false);
                if (keys is null || node.Children.Count == 0)
                {
                    return false;
                }
                foreach (var replica in node.Children)
                {
                    if (await KeysOnAsync(connection, replica.EndPoint!).ConfigureAwait(false) != keys
                        || !(await connection.GetServer(replica.EndPoint!).InfoRawAsync("replication").ConfigureAwait(false) ?? "").Contains("master_link_status:up", StringComparison.Ordinal))
                    {
                        return false;
                    }
                }
            }
            return true;
        }, deadline, "every node to agree on the replicas, none failing, every replica's link up and caught up").ConfigureAwait(false);
    }

    // A node CLUSTER NODES lists may not be known to the multiplexer yet (in one CI run a replica was listed before
    // the multiplexer had discovered it, and GetServer threw "endpoint is not defined"): ask it to look again, and
    // count the node as not caught up this time round.
    private static async Task<long?> KeysOnAsync(IConnectionMultiplexer connection, System.Net.EndPoint endpoint)
    {
        if (!connection.GetEndPoints().Contains(endpoint))
        {
            await connection.ConfigureAsync().ConfigureAwait(false);
            return null;
        }
        return await connection.GetServer(endpoint).DatabaseSizeAsync().ConfigureAwait(false);
    }

    private static async Task FillNodeAsync(IServer server, string prefix, int first, int count, string[] tags)
    {
        for (var from = first; from < first + count; from += Batch)
        {
            var to = Math.Min(from + Batch, first + count) - 1;
            object[] args = [Script, 0, prefix, from.ToString(CultureInfo.InvariantCulture), to.ToString(CultureInfo.InvariantCulture), .. tags];
            await server.ExecuteAsync("EVAL", args).ConfigureAwait(false);
        }
    }

    // A short hash tag for every slot: the first number that lands there (about 170,000 tries in all).
    private static string[] FindTags(IConnectionMultiplexer connection)
    {
        var tags = new string?[SlotCount];
        var found = 0;
        for (var n = 0; found < SlotCount; n++)
        {
            var tag = n.ToString(CultureInfo.InvariantCulture);
            var slot = connection.HashSlot("{" + tag + "}");
            if (tags[slot] is null)
            {
                tags[slot] = tag;
                found++;
            }
        }
        return tags!;
    }
}
