using System.Buffers;
using System.Buffers.Text;
using RESPite.Messages;
using StackExchange.Redis;

namespace StreamDrift.Redis.Scanning;

/// <summary>
/// Plain SCAN pages read from the reply's own bytes (<see cref="RespResult"/>): each match is checked and counted
/// where it lies in the receive buffer, and only the sampled ones become key names. Reading the same page through
/// <see cref="RedisResult"/> allocates an object and a byte array per key; for a count of 2M keys that was as much
/// client CPU as Redis's own SCAN time, competing with Redis for the machine's cores.
/// </summary>
public sealed partial class ServerPageScanner
{
    // Raw replies come through IDatabase (IServer has no raw Execute), which routes a keyless command to a primary
    // of its own choosing: only safe when the connection knows this one standalone primary and nothing else.
    private static IDatabaseAsync? RawReplies(IServer server, int database)
    {
        var servers = server.Multiplexer.GetServers();
        return servers.Length == 1 && servers[0].EndPoint.Equals(server.EndPoint) && !server.IsReplica && server.ServerType == ServerType.Standalone
            ? server.Multiplexer.GetDatabase(database)
            : null;
    }

    private async Task<ScanPage> RawPlainPageAsync(
        IDatabaseAsync raw, RedisValue cursor, string matchPattern, int count, int sampleStride, int sampleOffset, Func<RedisValue, bool>? sampleIf)
    {
        var started = _time.GetTimestamp();
        using var reply = await raw.ExecuteRespAsync("SCAN", new RedisKeyOrValue[] { cursor, (RedisValue)"MATCH", (RedisValue)matchPattern, (RedisValue)"COUNT", (RedisValue)count }).ConfigureAwait(false);
        var elapsed = _time.GetElapsedTime(started);
        var (next, matches, sample) = ReadPage(reply, sampleStride, sampleOffset, sampleIf);
        return new ScanPage(next, matches, elapsed, ServerTimed: false, sample);
    }

    // [cursor, [key, ...]]: the cursor first, so whether this page's names are wanted is known before its keys.
    private (RedisValue Cursor, long Matches, RedisKey[] Sample) ReadPage(RespResult reply, int sampleStride, int sampleOffset, Func<RedisValue, bool>? sampleIf)
    {
        var page = reply.Read();
        page.DemandAggregate();
        var parts = page.AggregateChildren();
        parts.DemandNext();
        var next = ReadCursor(parts.Current);
        parts.DemandNext();
        var keys = parts.Current;
        keys.DemandAggregate();
        var sampling = sampleStride > 0 && (sampleIf is null || sampleIf(next));
        var matches = new PageMatches(_rules, sampling ? sampleStride : 0, sampleOffset);
        byte[]? spill = null;
        try
        {
            var children = keys.AggregateChildren();
            while (children.MoveNext())
            {
                var key = children.Current;
                if (!key.TryGetSpan(out var name))
                {
                    // A name split across two receive buffers: copied out whole.
                    var length = key.ScalarLength();
                    if (spill is null || spill.Length < length)
                    {
                        ReturnSpill(spill);
                        spill = ArrayPool<byte>.Shared.Rent(length);
                    }
                    name = spill.AsSpan(0, key.CopyTo(spill));
                }
                matches.Add(name);
            }
        }
        finally
        {
            ReturnSpill(spill);
        }
        return (next, matches.Count, matches.Sample);
    }

    private static void ReturnSpill(byte[]? spill)
    {
        if (spill is not null)
        {
            ArrayPool<byte>.Shared.Return(spill);
        }
    }

    private static RedisValue ReadCursor(RespReader cursor)
    {
        Span<byte> digits = stackalloc byte[20];
        var text = cursor.TryGetSpan(out var span) ? span : digits[..cursor.CopyTo(digits)];
        return Utf8Parser.TryParse(text, out ulong value, out var used) && used == text.Length
            ? value
            : throw new RedisException($"SCAN returned a cursor that is not a number ({text.Length} bytes)");
    }
}
