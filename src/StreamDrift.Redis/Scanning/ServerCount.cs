namespace StreamDrift.Redis.Scanning;

/// <summary>What counting one server endpoint found.</summary>
/// <param name="Keys">Matches over every pass (a key SCAN returned twice counts twice; see <see cref="ServerKeyCounter"/>).</param>
/// <param name="Pages">Server steps (SCAN pages or script calls).</param>
/// <param name="ServerTime">Sum of the pages' server time (script mode), or of their round trips (plain mode).</param>
/// <param name="Mode">How the pages were taken.</param>
/// <param name="FallbackReason">Why plain SCAN was used, or null.</param>
/// <param name="Shares">How many shares of each pass ran side by side (<see cref="ScanShare"/>; 1: one cursor).</param>
public sealed record ServerCount(long Keys, long Pages, TimeSpan ServerTime, ScanMode Mode, string? FallbackReason, int Shares = 1);
