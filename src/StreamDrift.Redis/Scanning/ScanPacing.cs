using StreamDrift.Core.Options;

namespace StreamDrift.Redis.Scanning;

/// <summary>
/// The budget of a background (reconcile) scan on a live server. The defaults keep each page near 1 ms of server
/// time and the scan at 10 % of the server's time: a storefront request that arrives during a page waits at most
/// about a page, and nine in ten never meet one. A 4M-key keyspace (about 4 s of SCAN work on a small machine)
/// is then reconciled in about 40 s.
/// </summary>
public sealed class ScanPacing
{
    /// <summary>Server time one page should take. Default 1 ms; 50 µs to 50 ms.</summary>
    public TimeSpan TargetPageTime { get; set; } = TimeSpan.FromMilliseconds(1);

    /// <summary>Most share of the server's time the scan takes (page time over page plus pause). Default 0.1; 0.01 to 1.</summary>
    public double DutyCycle { get; set; } = 0.1;

    /// <summary>COUNT of the first page, before anything is measured. Default 100; within the COUNT limits.</summary>
    public int InitialCount { get; set; } = 100;

    /// <summary>Smallest COUNT. Default 10 (SCAN's own default); 1 to 100,000.</summary>
    public int MinCount { get; set; } = 10;

    /// <summary>Largest COUNT. Default 100,000; at least <see cref="MinCount"/>.</summary>
    public int MaxCount { get; set; } = 100_000;

    /// <summary>Longest pause between pages (a very slow server still finishes). Default 1 s; up to 1 minute.</summary>
    public TimeSpan MaxPause { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        const string Owner = nameof(ScanPacing);
        OptionGuard.InRange(TargetPageTime, TimeSpan.FromMicroseconds(50), TimeSpan.FromMilliseconds(50), Owner, nameof(TargetPageTime));
        OptionGuard.InRange(DutyCycle, 0.01, 1, Owner, nameof(DutyCycle));
        OptionGuard.InRange(MinCount, 1, 100_000, Owner, nameof(MinCount));
        OptionGuard.InRange(MaxCount, MinCount, 1_000_000, Owner, nameof(MaxCount));
        OptionGuard.InRange(InitialCount, MinCount, MaxCount, Owner, nameof(InitialCount));
        OptionGuard.InRange(MaxPause, TimeSpan.Zero, TimeSpan.FromMinutes(1), Owner, nameof(MaxPause));
    }
}
