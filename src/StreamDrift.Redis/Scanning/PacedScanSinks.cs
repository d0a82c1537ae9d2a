using StackExchange.Redis;

namespace StreamDrift.Redis.Scanning;

/// <summary>Where a <see cref="PacedScan"/> reports: page-time histograms and a key sample.</summary>
/// <param name="ServerTimes">Pages the script timed on the server.</param>
/// <param name="RoundTrips">Pages timed by their round trip (plain SCAN).</param>
/// <param name="SampleStride">Every stride-th matched key (from a random offset per page) goes to <paramref name="OnSample"/>; 0 for none.</param>
/// <param name="OnSample">Receives the sampled keys (TTL reads).</param>
public sealed record PacedScanSinks(PageTimeHistogram? ServerTimes, PageTimeHistogram? RoundTrips, int SampleStride = 0, Action<RedisKey>? OnSample = null);
