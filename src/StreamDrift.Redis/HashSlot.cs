namespace StreamDrift.Redis;

/// <summary>
/// The cluster slot of a key, as Redis computes it: CRC16 (XMODEM) of the key, or of its hash tag (the part between
/// the first '{' and the next '}', when not empty), modulo 16,384. On spans, allocation-free, for the keyspace path.
/// </summary>
internal static class HashSlot
{
    public const int Count = 16_384;

    private static readonly ushort[] Table = BuildTable();

    public static int Of(ReadOnlySpan<byte> key)
    {
        var open = key.IndexOf((byte)'{');
        if (open >= 0)
        {
            var close = key[(open + 1)..].IndexOf((byte)'}');
            if (close > 0)
            {
                key = key.Slice(open + 1, close);
            }
        }
        ushort crc = 0;
        foreach (var b in key)
        {
            crc = (ushort)((crc << 8) ^ Table[((crc >> 8) ^ b) & 0xFF]);
        }
        return crc & (Count - 1);
    }

    private static ushort[] BuildTable()
    {
        var table = new ushort[256];
        for (var i = 0; i < 256; i++)
        {
            var crc = (ushort)(i << 8);
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (ushort)((crc << 1) ^ 0x1021) : (ushort)(crc << 1);
            }
            table[i] = crc;
        }
        return table;
    }
}
