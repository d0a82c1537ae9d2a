using System.Collections.Concurrent;
using System.Text;
using StackExchange.Redis;
using StreamDrift.Core.Layouts;

namespace StreamDrift.Redis.Scanning;

/// <summary>
/// Takes SCAN pages from ONE server endpoint and DB, each a single bounded step on the server. The first page
/// loads <see cref="CountPageScript"/> and counts on the server from then on; when scripting is refused (an ACL
/// without EVALSHA, a managed service, a server older than 7.0) it falls back to plain SCAN for good and says
/// why in <see cref="FallbackReason"/>. The result is the same either way; only the bytes on the wire differ.
/// One scanner may serve several cursors at once (the shares of a count); fan-out over servers is the caller's.
/// </summary>
public sealed partial class ServerPageScanner : IScanPageSource
{
    private static readonly RedisKey[] NoKeys = [];
    private readonly IServer _server;
    private readonly int _database;
    private readonly TimeProvider _time;
    private readonly SessionKeyRules? _rules;
    private readonly ConcurrentDictionary<string, object[]> _ruleArgs = new(StringComparer.Ordinal);
    private readonly IDatabaseAsync? _raw;
    private string? _sha;

    /// <param name="server">The endpoint to scan (a primary, or a replica for read scaling).</param>
    /// <param name="database">The logical DB.</param>
    /// <param name="timeProvider">Times the round trip of plain pages.</param>
    /// <param name="useScript">False forces plain SCAN (diagnosis, benchmarks).</param>
    /// <param name="rules">
    /// Which keys under the prefixes are sessions (exclusions, id shape); null counts every match. The script
    /// checks them on the server (anchored Lua patterns), plain SCAN on the client with <see cref="SessionKeyRules.IsSession(ReadOnlySpan{byte})"/>.
    /// </param>
    /// <param name="plainReason">Why plain SCAN when <paramref name="useScript"/> is false (for <see cref="FallbackReason"/>); null: asked for.</param>
    public ServerPageScanner(IServer server, int database, TimeProvider timeProvider, bool useScript = true, SessionKeyRules? rules = null, string? plainReason = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _server = server;
        _database = database;
        _time = timeProvider;
        _rules = rules is { InspectsKeys: true } ? rules : null;
        _raw = RawReplies(server, database);
        if (!useScript)
        {
            Mode = ScanMode.Plain;
            FallbackReason = plainReason ?? "scripting not used (asked for plain SCAN)";
        }
    }

    /// <summary>How pages are taken; <see cref="ScanMode.Undecided"/> until the first page.</summary>
    public ScanMode Mode { get; private set; }

    /// <summary>Why plain SCAN is used (the server's refusal, one line), or null in script mode.</summary>
    public string? FallbackReason { get; private set; }

    /// <summary>The server this scanner reads.</summary>
    public IServer Server => _server;

    /// <summary>
    /// One page: <c>SCAN cursor MATCH pattern COUNT count</c>, counted. With <paramref name="sampleStride"/> &gt; 0
    /// every stride-th match from <paramref name="sampleOffset"/> comes back as a key name.
    /// </summary>
    public Task<ScanPage> NextPageAsync(
        RedisValue cursor, string matchPattern, int count, int sampleStride = 0, int sampleOffset = 0, CancellationToken cancellationToken = default) =>
        NextPageAsync(cursor, matchPattern, count, sampleStride, sampleOffset, sampleIf: null, cancellationToken);

    /// <summary>
    /// One page as above, whose sample is taken only when <paramref name="sampleIf"/> says so of the page's next
    /// cursor (null: always). A plain page read raw then builds no key name at all for the pages that need none:
    /// a count over shares wants names only at the shares' edges.
    /// </summary>
    public async Task<ScanPage> NextPageAsync(
        RedisValue cursor, string matchPattern, int count, int sampleStride, int sampleOffset, Func<RedisValue, bool>? sampleIf, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(matchPattern);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(sampleStride);
        ArgumentOutOfRangeException.ThrowIfNegative(sampleOffset);
        cancellationToken.ThrowIfCancellationRequested();
        if (Mode != ScanMode.Plain)
        {
            try
            {
                return await ScriptPageAsync(cursor, matchPattern, count, sampleStride, sampleOffset).ConfigureAwait(false);
            }
            catch (RedisServerException e)
            {
                // Refused (NOPERM, unknown command, a shebang an old server cannot parse, scripting disabled):
                // plain SCAN gives the same count. An error plain SCAN shares (no +scan) surfaces from it below.
                Mode = ScanMode.Plain;
                FallbackReason = $"scripting refused: {e.Message.ReplaceLineEndings(" ")}";
            }
        }
        return _raw is not null
            ? await RawPlainPageAsync(_raw, cursor, matchPattern, count, sampleStride, sampleOffset, sampleIf).ConfigureAwait(false)
            : await PlainPageAsync(cursor, matchPattern, count, sampleStride, sampleOffset).ConfigureAwait(false);
    }

    private async Task<ScanPage> ScriptPageAsync(RedisValue cursor, string matchPattern, int count, int sampleStride, int sampleOffset)
    {
        _sha ??= await LoadAsync().ConfigureAwait(false);
        var started = _time.GetTimestamp();
        RedisResult reply;
        try
        {
            reply = await EvalShaAsync(cursor, matchPattern, count, sampleStride, sampleOffset).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            // The script cache was flushed (SCRIPT FLUSH, a restart, a failover to a replica that never saw it).
            _sha = await LoadAsync().ConfigureAwait(false);
            reply = await EvalShaAsync(cursor, matchPattern, count, sampleStride, sampleOffset).ConfigureAwait(false);
        }
        Mode = ScanMode.Script;
        var parts = (RedisResult[])reply!;
        var usec = (long)parts[2];
        var sample = parts.Length > 3 ? new RedisKey[parts.Length - 3] : NoKeys;
        for (var i = 3; i < parts.Length; i++)
        {
            sample[i - 3] = (RedisKey)parts[i];
        }
        // An ACL without +time leaves the page untimed by the server: its round trip stands in (an upper bound).
        var elapsed = usec >= 0 ? TimeSpan.FromMicroseconds(usec) : _time.GetElapsedTime(started);
        return new ScanPage((RedisValue)parts[0], (long)parts[1], elapsed, usec >= 0, sample);
    }

    private async Task<string> LoadAsync()
    {
        var sha = await _server.ExecuteAsync("SCRIPT", "LOAD", CountPageScript.Source).ConfigureAwait(false);
        return (string)sha!;
    }

    private Task<RedisResult> EvalShaAsync(RedisValue cursor, string matchPattern, int count, int sampleStride, int sampleOffset) =>
        _server.ExecuteAsync(_database, "EVALSHA", [_sha!, 0, cursor, count, matchPattern, sampleStride, sampleOffset, .. RuleArgs(matchPattern)], CommandFlags.None);

    // ARGV[6..] of the script for the prefix this MATCH glob scans: the id shape ("!"-marked: must match) when the
    // rules have one, then the exclusions. Built once per prefix, not per page.
    private object[] RuleArgs(string matchPattern)
    {
        if (_rules is null)
        {
            return [];
        }
        var rules = _rules;
        return _ruleArgs.GetOrAdd(matchPattern, pattern =>
        {
            var prefix = rules.Prefixes.FirstOrDefault(p => SessionKeyScanner.MatchPattern(p) == pattern);
            var exclusions = rules.Exclusions.Select(g => (object)g.ToLuaPattern());
            return rules.IdLength > 0 && prefix is not null
                ? ["!" + IdShapePattern(prefix, rules.IdLength), .. exclusions]
                : [.. exclusions];
        });
    }

    // The prefix literally (every Lua magic character escaped), then exactly idLength ASCII letters or digits
    // (%w in the server's C locale), as SessionKeyRules.IsSession checks them.
    private static string IdShapePattern(string prefix, int idLength)
    {
        var sb = new StringBuilder(prefix.Length + (idLength * 2) + 2).Append('^');
        foreach (var c in prefix)
        {
            if (c is '^' or '$' or '(' or ')' or '%' or '.' or '[' or ']' or '*' or '+' or '-' or '?')
            {
                sb.Append('%');
            }
            sb.Append(c);
        }
        for (var i = 0; i < idLength; i++)
        {
            sb.Append("%w");
        }
        return sb.Append('$').ToString();
    }

    private async Task<ScanPage> PlainPageAsync(RedisValue cursor, string matchPattern, int count, int sampleStride, int sampleOffset)
    {
        var started = _time.GetTimestamp();
        var reply = await _server.ExecuteAsync(_database, "SCAN", [cursor, "MATCH", matchPattern, "COUNT", count], CommandFlags.None).ConfigureAwait(false);
        var elapsed = _time.GetElapsedTime(started);
        var parts = (RedisResult[])reply!;
        var keys = (RedisResult[])parts[1]!;
        if (_rules is not null)
        {
            // Keys under the prefix that are not sessions (lock keys, expiry markers, other ids) are neither counted nor sampled.
            keys = Array.FindAll(keys, key => _rules.IsSession((byte[])((RedisKey)key)!));
        }
        var sample = NoKeys;
        if (sampleStride > 0 && sampleOffset < keys.Length)
        {
            sample = new RedisKey[((keys.Length - sampleOffset - 1) / sampleStride) + 1];
            for (int i = sampleOffset, j = 0; i < keys.Length; i += sampleStride, j++)
            {
                sample[j] = (RedisKey)keys[i];
            }
        }
        return new ScanPage((RedisValue)parts[0], keys.Length, elapsed, ServerTimed: false, sample);
    }
}
