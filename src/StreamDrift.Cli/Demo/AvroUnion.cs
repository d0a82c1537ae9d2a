using System.Collections;
using Avro;
using Avro.Generic;

namespace StreamDrift.Cli.Demo;

/// <summary>Finds the branch of a union a non-null generic value belongs to, the way Avro's writer does.</summary>
internal static class AvroUnion
{
    public static Schema Branch(UnionSchema union, object value)
    {
        foreach (var branch in union.Schemas)
        {
            if (Matches(branch, value))
            {
                return branch;
            }
        }
        throw new AvroException($"value of type {value.GetType().Name} matches no branch of {union}");
    }

    private static bool Matches(Schema schema, object value) => schema switch
    {
        RecordSchema record => value is GenericRecord r && r.Schema.Fullname == record.Fullname,
        EnumSchema e => value is GenericEnum g ? g.Schema.Fullname == e.Fullname : value is string,
        FixedSchema => value is GenericFixed,
        MapSchema => value is IDictionary,
        ArraySchema => value is IEnumerable and not string and not byte[] and not IDictionary,
        LogicalSchema logical => value is DateTime or TimeSpan or Guid or AvroDecimal || Matches(logical.BaseSchema, value),
        _ => schema.Tag switch
        {
            Schema.Type.Boolean => value is bool,
            Schema.Type.Int => value is int,
            Schema.Type.Long => value is long or int,
            Schema.Type.Float => value is float,
            Schema.Type.Double => value is double or float,
            Schema.Type.Bytes => value is byte[],
            Schema.Type.String => value is string,
            _ => false,
        },
    };
}
