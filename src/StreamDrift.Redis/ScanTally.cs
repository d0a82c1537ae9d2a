namespace StreamDrift.Redis;

/// <summary>What one SCAN pass returned.</summary>
/// <param name="Keys">Keys returned (duplicates included; see <see cref="Scanning.ServerKeyCounter"/>).</param>
/// <param name="Pages">SCAN round trips.</param>
public readonly record struct ScanTally(long Keys, long Pages)
{
    public static ScanTally operator +(ScanTally a, ScanTally b) => new(a.Keys + b.Keys, a.Pages + b.Pages);

    public static ScanTally Add(ScanTally a, ScanTally b) => a + b;
}
