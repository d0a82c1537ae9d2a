using StackExchange.Redis;

namespace StreamDrift.Redis.Scanning;

/// <summary>
/// Counts the keys under some prefixes on ONE server endpoint, one full SCAN pass per prefix, back to back with no
/// pause: the unit a cluster count fans out over its primaries (or replicas), concurrently.
/// <para>
/// A pass may be cut into <see cref="ScanShare"/>s that run side by side (plain SCAN only): each share still asks
/// for one bounded page at a time, but the server has the next share's page queued while the client reads a
/// reply, so it never waits a round trip between pages. SCAN does not stop at a share's edge (it visits buckets
/// until it has COUNT keys), so a share's last page can hold keys of the next share's first buckets: each share
/// keeps the names of its first pages (those within four page spans of its start) and the keys both hold are
/// counted once. Should a last page reach further than that, the prefix is counted again with one cursor.
/// </para>
/// <para>
/// What the count guarantees: every key present for the whole pass is counted; on a keyspace nobody writes
/// during the count it is exact. Under writes, keys created or deleted during the pass may or may not be counted,
/// and a hash table that resizes mid-pass (growing under inserts, shrinking after mass deletes) may return a
/// key twice. Keys are not de-duplicated beyond the shares' edges: that would take memory proportional to the keys.
/// </para>
/// </summary>
public static class ServerKeyCounter
{
    // How far into its range a share keeps key names, in spans of its widest page so far.
    private const int RetainedSpans = 4;

    public static Task<ServerCount> CountAsync(
        IScanPageSource scanner, IReadOnlyList<string> prefixes, int pageSize, CancellationToken cancellationToken = default) =>
        CountAsync(scanner, prefixes, pageSize, shares: 1, cancellationToken);

    /// <param name="scanner">Where the server's pages come from; plain SCAN when <paramref name="shares"/> &gt; 1 (the shares' edges are settled by key name).</param>
    /// <param name="prefixes">Counted one after the other.</param>
    /// <param name="pageSize">SCAN COUNT of every page.</param>
    /// <param name="shares">How many shares of each pass run side by side (a power of two; 1 = one cursor). Only where <see cref="ScanShares"/> says the cursor allows it.</param>
    /// <param name="cancellationToken">Stops between pages.</param>
    public static async Task<ServerCount> CountAsync(
        IScanPageSource scanner, IReadOnlyList<string> prefixes, int pageSize, int shares, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scanner);
        ArgumentNullException.ThrowIfNull(prefixes);
        var parts = ScanShare.All(shares);
        if (shares > 1 && scanner.Mode != ScanMode.Plain)
        {
            throw new ArgumentException("shares need plain SCAN: their edges are settled by key name", nameof(shares));
        }
        long keys = 0, pages = 0;
        var serverTime = TimeSpan.Zero;
        var usedShares = shares;
        foreach (var prefix in prefixes)
        {
            var pattern = SessionKeyScanner.MatchPattern(prefix);
            var tallies = await Task.WhenAll(parts.Select(share => CountShareAsync(scanner, pattern, pageSize, share, cancellationToken))).ConfigureAwait(false);
            foreach (var tally in tallies)
            {
                pages += tally.Pages;
                serverTime += tally.ServerTime;
            }
            if (EdgeDuplicates(tallies) is { } duplicates)
            {
                keys += tallies.Sum(t => t.Keys) - duplicates;
                continue;
            }
            // A last page reached past what the next share kept: count this prefix again with one cursor.
            var whole = await CountShareAsync(scanner, pattern, pageSize, ScanShare.Whole, cancellationToken).ConfigureAwait(false);
            keys += whole.Keys;
            pages += whole.Pages;
            serverTime += whole.ServerTime;
            usedShares = 1;
        }
        return new ServerCount(keys, pages, serverTime, scanner.Mode, scanner.FallbackReason, usedShares);
    }

    // Keys counted by both a share's last page and the next share's first pages, or null when a last page reached
    // further than the next share kept names.
    private static long? EdgeDuplicates(ShareTally[] tallies)
    {
        long duplicates = 0;
        for (var i = 1; i < tallies.Length; i++)
        {
            var (before, after) = (tallies[i - 1], tallies[i]);
            if (before.EndPosition > after.KeptUpTo)
            {
                return null;
            }
            duplicates += before.LastPage.Count(after.Kept.Contains);
        }
        return duplicates;
    }

    private static async Task<ShareTally> CountShareAsync(
        IScanPageSource scanner, string pattern, int pageSize, ScanShare share, CancellationToken cancellationToken)
    {
        // The first share's start is the pass's: nothing before it can spill in. The others keep names at their start.
        var keeping = share.Index > 0;
        var sampleStride = share.Of > 1 ? 1 : 0;
        var tally = new ShareTally { KeptUpTo = share.Start };
        UInt128 position = share.Start, widest = 0;
        RedisValue cursor = share.StartCursor;
        ScanPage page;
        // A page's names are needed only when they are kept or it is the share's last: known from its next cursor.
        bool NamesWanted(RedisValue next)
        {
            var at = ScanShare.PositionOf((ulong)next);
            var span = at - position > widest ? at - position : widest;
            return (keeping && (tally.Pages == 0 || at - share.Start <= RetainedSpans * span)) || share.IsDone((ulong)next);
        }
        do
        {
            page = await scanner.NextPageAsync(cursor, pattern, pageSize, sampleStride, 0, NamesWanted, cancellationToken).ConfigureAwait(false);
            tally.Keys += page.Matches;
            tally.Pages++;
            tally.ServerTime += page.Elapsed;
            cursor = page.Cursor;
            var next = ScanShare.PositionOf((ulong)page.Cursor);
            widest = next - position > widest ? next - position : widest;
            position = next;
            keeping = keeping && (tally.Pages == 1 || position - share.Start <= RetainedSpans * widest);
            if (keeping)
            {
                tally.Kept.UnionWith(page.Sample);
                tally.KeptUpTo = position;
            }
        }
        while (!share.IsDone((ulong)page.Cursor));
        tally.LastPage = page.Sample;
        tally.EndPosition = position;
        return tally;
    }

    // What one share counted, and what its edges need to be settled with its neighbours.
    private sealed class ShareTally
    {
        public long Keys { get; set; }

        public long Pages { get; set; }

        public TimeSpan ServerTime { get; set; }

        // Names of the first pages, up to KeptUpTo (a position).
        public HashSet<RedisKey> Kept { get; } = [];

        public UInt128 KeptUpTo { get; set; }

        public RedisKey[] LastPage { get; set; } = [];

        public UInt128 EndPosition { get; set; }
    }
}
