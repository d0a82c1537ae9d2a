using Avro;

namespace StreamDrift.Kafka.Avro;

/// <summary>Small lookups into parsed schemas.</summary>
internal static class AvroSchemas
{
    /// <summary>The record inside a field's type, looking through a <c>["null", record]</c> union.</summary>
    public static RecordSchema Record(Schema schema) => schema switch
    {
        RecordSchema record => record,
        UnionSchema union => union.Schemas.OfType<RecordSchema>().Single(),
        _ => throw new InvalidOperationException($"{schema.Fullname} holds no record."),
    };
}
