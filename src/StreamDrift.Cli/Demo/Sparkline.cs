using System.Text;

namespace StreamDrift.Cli.Demo;

/// <summary>Block-character sparklines for the terminal (▁ to █), several series on one shared scale.</summary>
internal static class Sparkline
{
    private const string Blocks = "▁▂▃▄▅▆▇█";

    /// <summary>One line per series, the last <paramref name="width"/> values each; a missing value is a blank.</summary>
    public static string[] Render(IReadOnlyList<IReadOnlyList<double?>> series, int width)
    {
        ArgumentNullException.ThrowIfNull(series);
        double top = 0, bottom = double.MaxValue;
        foreach (var s in series)
        {
            for (var i = Math.Max(0, s.Count - width); i < s.Count; i++)
            {
                if (s[i] is { } v)
                {
                    top = Math.Max(top, v);
                    bottom = Math.Min(bottom, v);
                }
            }
        }
        // A flat store would otherwise draw noise as full-height spikes: keep a tenth of the level as the floor of the range.
        bottom = Math.Max(0, Math.Min(bottom, top * 0.9));
        var range = Math.Max(top - bottom, 1);
        var lines = new string[series.Count];
        for (var k = 0; k < series.Count; k++)
        {
            var s = series[k];
            var text = new StringBuilder(width);
            for (var i = Math.Max(0, s.Count - width); i < s.Count; i++)
            {
                text.Append(s[i] is { } v ? Blocks[(int)Math.Round((v - bottom) / range * (Blocks.Length - 1))] : ' ');
            }
            lines[k] = text.ToString();
        }
        return lines;
    }
}
