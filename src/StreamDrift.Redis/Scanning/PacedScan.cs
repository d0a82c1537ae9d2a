using StackExchange.Redis;

namespace StreamDrift.Redis.Scanning;

/// <summary>
/// One background SCAN pass over one server and prefix, paced by a <see cref="ScanPacer"/>: each page's COUNT
/// and the pause after it come from the time the previous pages took on the server. Every page's time goes to
/// the histogram of its timing (the server's own, or the round trip in plain mode).
/// </summary>
public static class PacedScan
{
    public static async Task<ScanTally> RunAsync(
        ServerPageScanner scanner,
        string prefix,
        ScanPacer pacer,
        TimeProvider timeProvider,
        PacedScanSinks sinks,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scanner);
        ArgumentNullException.ThrowIfNull(pacer);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(sinks);
        var pattern = SessionKeyScanner.MatchPattern(prefix);
        RedisValue cursor = 0;
        long keys = 0, pages = 0;
        // Timers tick in whole milliseconds: a shorter pause would be no pause at all, so sub-millisecond pauses
        // are owed and taken together once they add up to one.
        var owed = TimeSpan.Zero;
        while (true)
        {
            var count = pacer.NextCount;
            var offset = sinks.SampleStride > 1 ? Random.Shared.Next(sinks.SampleStride) : 0;
            var page = await scanner.NextPageAsync(cursor, pattern, count, sinks.SampleStride, offset, cancellationToken).ConfigureAwait(false);
            keys += page.Matches;
            pages++;
            (page.ServerTimed ? sinks.ServerTimes : sinks.RoundTrips)?.Record(page.Elapsed);
            if (sinks.OnSample is { } onSample)
            {
                foreach (var key in page.Sample)
                {
                    onSample(key);
                }
            }
            var pause = pacer.OnPage(count, page.Elapsed);
            if (page.IsLast)
            {
                return new ScanTally(keys, pages);
            }
            cursor = page.Cursor;
            owed += pause;
            var whole = TimeSpan.FromMilliseconds(Math.Floor(owed.TotalMilliseconds));
            if (whole > TimeSpan.Zero)
            {
                owed -= whole;
                await Task.Delay(whole, timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
