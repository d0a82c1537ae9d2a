using System.Buffers.Binary;
using System.Numerics;

namespace StreamDrift.Redis.Scanning;

/// <summary>
/// One of <see cref="Of"/> equal shares of a SCAN pass over ONE hash table, so that the shares can run side by
/// side and keep a single-threaded server busy instead of idle for a round trip between pages.
/// <para>
/// Why it works: Redis walks a dict's buckets in reverse-binary order (dictScan: <c>v |= ~mask; v = rev(v); v++;
/// v = rev(v)</c>), so the cursor read bit-reversed over 64 bits only grows during a pass, from 0 to the wrap back
/// to 0, whatever the table's size and also while it is rehashed or resized: a bucket of a small table at
/// position <c>p</c> covers exactly the positions <c>[p, p + 2^64/size)</c> of its expansions. Cutting that
/// position range into <c>Of</c> equal parts (a power of two no larger than the table) gives passes that
/// together visit every bucket of the single pass exactly once, with the same guarantees as the single pass.
/// </para>
/// <para>
/// Only for one dict per logical DB: a standalone server (every Redis and Valkey version) or a cluster node
/// before Redis 7.4; a cluster node of 7.4+ (one dict per slot) puts the slot in the cursor's low bits, and other
/// products (Dragonfly) encode their own cursor. <see cref="ScanShares"/> decides.
/// </para>
/// </summary>
/// <param name="Index">This share, 0 to <see cref="Of"/> - 1.</param>
/// <param name="Of">How many shares the pass is cut into: a power of two.</param>
public readonly record struct ScanShare(int Index, int Of)
{
    /// <summary>The whole pass as a single share: start at 0, end when the server returns 0.</summary>
    public static readonly ScanShare Whole = new(0, 1);

    private int Bits => BitOperations.Log2((uint)Of);

    /// <summary>Where the share starts, as a position (the cursor bit-reversed) in [0, 2^64].</summary>
    public UInt128 Start => (UInt128)(ulong)Index << (64 - Bits);

    /// <summary>Where the next share starts (2^64 for the last).</summary>
    public UInt128 End => (UInt128)(ulong)(Index + 1) << (64 - Bits);

    /// <summary>The cursor this share's first page is asked with.</summary>
    public ulong StartCursor => ReverseBits((ulong)Start);

    /// <summary>
    /// True when the server's next <paramref name="cursor"/> lies past this share: the pass is done (0), or the
    /// next bucket belongs to the following share. The page that crossed may hold keys of the following share's
    /// first buckets: SCAN visits buckets until it has COUNT keys, so it does not stop at the edge.
    /// </summary>
    public bool IsDone(ulong cursor) => PositionOf(cursor) >= End;

    /// <summary>A cursor's position in the pass: bit-reversed; 0 (the pass is over) is 2^64.</summary>
    public static UInt128 PositionOf(ulong cursor) => cursor == 0 ? (UInt128)1 << 64 : ReverseBits(cursor);

    /// <summary>Every share of a pass cut into <paramref name="of"/>, a power of two from 1 to 64.</summary>
    public static IReadOnlyList<ScanShare> All(int of)
    {
        if (of is < 1 or > 64 || !BitOperations.IsPow2(of))
        {
            throw new ArgumentOutOfRangeException(nameof(of), of, "shares must be a power of two from 1 to 64");
        }
        var shares = new ScanShare[of];
        for (var i = 0; i < of; i++)
        {
            shares[i] = new ScanShare(i, of);
        }
        return shares;
    }

    /// <summary>The 64 bits of <paramref name="value"/> in reverse order, as Redis's dict.c <c>rev()</c>.</summary>
    public static ulong ReverseBits(ulong value)
    {
        value = ((value >> 1) & 0x5555555555555555UL) | ((value & 0x5555555555555555UL) << 1);
        value = ((value >> 2) & 0x3333333333333333UL) | ((value & 0x3333333333333333UL) << 2);
        value = ((value >> 4) & 0x0F0F0F0F0F0F0F0FUL) | ((value & 0x0F0F0F0F0F0F0F0FUL) << 4);
        return BinaryPrimitives.ReverseEndianness(value);
    }
}
