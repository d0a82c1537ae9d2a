using System.Globalization;

namespace StreamDrift.Cli.Configuration;

/// <summary>
/// Durations as operators write them: <c>500ms</c>, <c>2s</c>, <c>5m</c>, <c>1h</c>, <c>1d</c>. One unit per
/// value keeps the grammar obvious; <c>90s</c> covers what <c>1m30s</c> would.
/// </summary>
internal static class Duration
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var s = text.Trim();
        var unitStart = 0;
        while (unitStart < s.Length && (char.IsAsciiDigit(s[unitStart]) || s[unitStart] == '.'))
        {
            unitStart++;
        }
        if (unitStart == 0 || !double.TryParse(s.AsSpan(0, unitStart), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }
        double? ms = s[unitStart..] switch
        {
            "ms" => number,
            "s" => number * 1_000,
            "m" => number * 60_000,
            "h" => number * 3_600_000,
            "d" => number * 86_400_000,
            _ => null,
        };
        if (ms is not { } millis || millis > TimeSpan.MaxValue.TotalMilliseconds)
        {
            return false;
        }
        value = TimeSpan.FromMilliseconds(millis);
        return true;
    }

    /// <summary>The shortest exact form in the same grammar, for messages and the README.</summary>
    public static string Format(TimeSpan value)
    {
        var ms = (long)value.TotalMilliseconds;
        return ms switch
        {
            0 => "0s",
            _ when ms % 86_400_000 == 0 => $"{ms / 86_400_000}d",
            _ when ms % 3_600_000 == 0 => $"{ms / 3_600_000}h",
            _ when ms % 60_000 == 0 => $"{ms / 60_000}m",
            _ when ms % 1_000 == 0 => $"{ms / 1_000}s",
            _ => $"{ms}ms",
        };
    }
}
