using StreamDrift.Core.Output;

namespace StreamDrift.Kafka.Avro;

/// <summary>Core's PascalCase enum members as the schemas' UPPER_SNAKE symbols.</summary>
internal static class AvroNames
{
    public static string Symbol<TEnum>(TEnum value) where TEnum : struct, Enum => WireSymbol.Of(value);
}
