using System.Text;

namespace StreamDrift.Core.Output;

/// <summary>
/// Core's PascalCase enum members as the UPPER_SNAKE symbols every output writes (the Avro schemas'
/// enum symbols, the JSON lines, the dead-letter header), so all outputs spell a cause the same way.
/// </summary>
public static class WireSymbol
{
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum
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
