using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;
using StreamDrift.Core.Layouts;
using StreamDrift.Redis.Scanning;

namespace StreamDrift.Redis.Direct;

/// <summary>
/// Plain SCAN pages of one standalone primary over connections of its own (<see cref="RespConnection"/>), one per
/// share: a page takes a free connection, asks, reads the reply in place in the receive buffer (a match is checked
/// and counted where it lies; only the pages whose names are wanted build them) and gives the connection back.
/// Opened by <see cref="DirectServer"/>, which checks the server first.
/// </summary>
public sealed class DirectPageSource : IScanPageSource, IDisposable
{
    private readonly ConcurrentBag<RespConnection> _free;
    private readonly IReadOnlyList<RespConnection> _all;
    private readonly SessionKeyRules? _rules;

    internal DirectPageSource(IReadOnlyList<RespConnection> connections, SessionKeyRules? rules, string reason)
    {
        _all = connections;
        _free = [.. connections];
        _rules = rules is { InspectsKeys: true } ? rules : null;
        FallbackReason = reason;
    }

    /// <summary>Always plain SCAN: the shares settle their edges by key name.</summary>
    public ScanMode Mode => ScanMode.Plain;

    /// <summary>Says plain SCAN over direct sockets.</summary>
    public string? FallbackReason { get; }

    /// <summary>How many pages may be asked for at once: one per connection.</summary>
    public int Connections => _all.Count;

    public async Task<ScanPage> NextPageAsync(
        RedisValue cursor, string matchPattern, int count, int sampleStride, int sampleOffset, Func<RedisValue, bool>? sampleIf, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(matchPattern);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (!_free.TryTake(out var connection))
        {
            throw new InvalidOperationException($"more pages asked for at once than the {_all.Count} connections");
        }
        try
        {
            var started = Stopwatch.GetTimestamp();
            connection.Queue("SCAN", ((ulong)cursor).ToString(CultureInfo.InvariantCulture), "MATCH", matchPattern, "COUNT", count.ToString(CultureInfo.InvariantCulture));
            await connection.FlushAsync(cancellationToken).ConfigureAwait(false);
            var page = await ReadPageAsync(connection, sampleStride, sampleOffset, sampleIf, cancellationToken).ConfigureAwait(false);
            return page with { Elapsed = Stopwatch.GetElapsedTime(started) };
        }
        finally
        {
            _free.Add(connection);
        }
    }

    // [cursor, [key, ...]]: the cursor first, so whether this page's names are wanted is known before its keys.
    private async Task<ScanPage> ReadPageAsync(RespConnection connection, int sampleStride, int sampleOffset, Func<RedisValue, bool>? sampleIf, CancellationToken cancellationToken)
    {
        long parts, keys;
        while (!connection.TryReadHeader((byte)'*', out parts))
        {
            await connection.FillAsync(cancellationToken).ConfigureAwait(false);
        }
        if (parts != 2)
        {
            throw new RespErrorException($"SCAN replied with {parts} parts, not 2");
        }
        ulong next;
        while (!TryReadCursor(connection, out next))
        {
            await connection.FillAsync(cancellationToken).ConfigureAwait(false);
        }
        while (!connection.TryReadHeader((byte)'*', out keys))
        {
            await connection.FillAsync(cancellationToken).ConfigureAwait(false);
        }
        var sampling = sampleStride > 0 && (sampleIf is null || sampleIf(next));
        var matches = new PageMatches(_rules, sampling ? sampleStride : 0, sampleOffset);
        while (keys > 0)
        {
            // The keys already received; then wait for more.
            while (keys > 0 && connection.TryReadBulk(out var name))
            {
                keys--;
                matches.Add(name);
            }
            if (keys > 0)
            {
                await connection.FillAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        return new ScanPage(next, matches.Count, TimeSpan.Zero, ServerTimed: false, matches.Sample);
    }

    private static bool TryReadCursor(RespConnection connection, out ulong cursor)
    {
        cursor = 0;
        if (!connection.TryReadBulk(out var digits))
        {
            return false;
        }
        return System.Buffers.Text.Utf8Parser.TryParse(digits, out cursor, out var used) && used == digits.Length
            ? true
            : throw new RespErrorException($"SCAN returned a cursor that is not a number ({digits.Length} bytes)");
    }

    public void Dispose()
    {
        foreach (var connection in _all)
        {
            connection.Dispose();
        }
    }
}
