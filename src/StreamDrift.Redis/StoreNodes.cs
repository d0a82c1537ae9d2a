using System.Net;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace StreamDrift.Redis;

/// <summary>
/// The store's primaries as the connection knows them now: one <see cref="RedisNode"/> each, resolved afresh
/// on every call, so a primary that joins or leaves is followed from the next INFO sample or scan on.
/// </summary>
internal sealed class StoreNodes(IConnectionMultiplexer connection, StoreWatcherOptions options, TimeProvider time, ILogger logger)
{
    /// <summary>Every connected primary; throws <see cref="RedisConnectionException"/> when there is none.</summary>
    public IReadOnlyList<RedisNode> Primaries()
    {
        var primaries = new List<RedisNode>();
        foreach (var server in connection.GetServers())
        {
            if (!server.IsReplica)
            {
                primaries.Add(new RedisNode(server, options, time, logger));
            }
        }
        if (primaries.Count == 0)
        {
            throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, CommandFlags.None, "no primary Redis server is connected", null, CommandStatus.Unknown);
        }
        return primaries;
    }

    public RedisNode At(EndPoint endPoint) => new(connection.GetServer(endPoint), options, time, logger);
}
