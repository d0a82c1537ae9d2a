using System.Text;

namespace StreamDrift.Kafka.Avro;

/// <summary>Core's PascalCase enum members as the schemas' UPPER_SNAKE symbols.</summary>
internal static class AvroNames
{
    public static string Symbol<TEnum>(TEnum value) where TEnum : struct, Enum
    {
        var name = value.ToString();
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                builder.Append('_');
            }
            builder.Append(char.ToUpperInvariant(name[i]));
        }
        return builder.ToString();
    }
}
