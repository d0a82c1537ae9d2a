using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;
using StreamDrift.Kafka.Native;

namespace StreamDrift.Kafka.Group;

/// <summary>
/// The consumer group's generation as this member last joined it. Confluent.Kafka hands out the group
/// metadata only in librdkafka's serialized form (for transactions); librdkafka's public C API reads that
/// form back and names its generation id, so the figure is the broker's own, not a count of our callbacks.
/// </summary>
internal static unsafe class GroupGeneration
{
    private static readonly FieldInfo? Serialized = Type.GetType("Confluent.Kafka.ConsumerGroupMetadata, Confluent.Kafka")
        ?.GetField("serializedMetadata", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);

    /// <summary>The generation id, or -1 when the consumer has not joined yet or the metadata cannot be read.</summary>
    public static int Of(IConsumer<string?, byte[]> consumer)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        if (Serialized?.GetValue(consumer.ConsumerGroupMetadata) is not byte[] bytes || bytes.Length == 0)
        {
            return -1;
        }

        var lib = KafkaNativeLibrary.Handle;
        var read = (delegate* unmanaged<IntPtr*, byte*, nuint, IntPtr>)NativeLibrary.GetExport(lib, "rd_kafka_consumer_group_metadata_read");
        var generation = (delegate* unmanaged<IntPtr, int>)NativeLibrary.GetExport(lib, "rd_kafka_consumer_group_metadata_generation_id");
        var destroy = (delegate* unmanaged<IntPtr, void>)NativeLibrary.GetExport(lib, "rd_kafka_consumer_group_metadata_destroy");
        var metadata = IntPtr.Zero;
        fixed (byte* buffer = bytes)
        {
            // A non-null return is an rd_kafka_error_t: the bytes were not a readable metadata blob.
            var error = read(&metadata, buffer, (nuint)bytes.Length);
            if (error != IntPtr.Zero)
            {
                ((delegate* unmanaged<IntPtr, void>)NativeLibrary.GetExport(lib, "rd_kafka_error_destroy"))(error);
                return -1;
            }
        }

        try
        {
            return generation(metadata);
        }
        finally
        {
            destroy(metadata);
        }
    }
}
