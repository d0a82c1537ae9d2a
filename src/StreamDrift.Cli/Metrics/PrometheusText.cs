using System.Globalization;
using System.Text;

namespace StreamDrift.Cli.Metrics;

/// <summary>The Prometheus text exposition format (version 0.0.4): escaping and number rendering.</summary>
internal static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);

    public static string EscapeHelp(string help) =>
        help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    public static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    public static void Write(StringBuilder output, IEnumerable<MetricFamily> families)
    {
        foreach (var family in families)
        {
            output.Append("# HELP ").Append(family.Name).Append(' ').Append(EscapeHelp(family.Help)).Append('\n');
            output.Append("# TYPE ").Append(family.Name).Append(family.IsCounter ? " counter" : " gauge").Append('\n');
            foreach (var cell in family.Cells)
            {
                output.Append(family.Name).Append(cell.LabelText).Append(' ').Append(FormatValue(cell.Value)).Append('\n');
            }
        }
    }
}
