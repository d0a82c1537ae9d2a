using System.Text;

namespace StreamDrift.Kafka.Group;

/// <summary>
/// The partition a store's records land on when keyed by store id: the Java client's default
/// partitioner (murmur2 of the UTF-8 key, sign bit cleared, modulo the partition count), which librdkafka
/// calls <c>murmur2_random</c> for keyed records. Connectors written in Java, and our own producers,
/// put a store's samples on this partition, so the member owning it owns the store.
/// </summary>
public static class StorePartitioner
{
    /// <summary>The partition of <paramref name="storeId"/> among <paramref name="partitions"/>.</summary>
    public static int PartitionOf(string storeId, int partitions)
    {
        ArgumentException.ThrowIfNullOrEmpty(storeId);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        Span<byte> buffer = stackalloc byte[Encoding.UTF8.GetMaxByteCount(storeId.Length)];
        var length = Encoding.UTF8.GetBytes(storeId, buffer);
        return (int)((Murmur2(buffer[..length]) & 0x7fffffff) % (uint)partitions);
    }

    private static uint Murmur2(ReadOnlySpan<byte> data)
    {
        const uint m = 0x5bd1e995;
        var h = 0x9747b28c ^ (uint)data.Length;
        var body = data.Length & ~3;
        for (var i = 0; i < body; i += 4)
        {
            var k = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(data[i..]);
            k *= m;
            k ^= k >> 24;
            k *= m;
            h = (h * m) ^ k;
        }

        var rest = data[body..];
        if (rest.Length > 0)
        {
            // The tail bytes fold in from the highest down, as Java's fall-through switch does.
            for (var i = rest.Length - 1; i >= 0; i--)
            {
                h ^= (uint)rest[i] << (8 * i);
            }

            h *= m;
        }

        h ^= h >> 13;
        h *= m;
        h ^= h >> 15;
        return h;
    }
}
