using System.Text.Json;
using System.Text.RegularExpressions;

namespace StreamDrift.Web.Tests;

/// <summary>The series names the PromQL expressions of a Grafana dashboard (panels, annotations, variables) refer to.</summary>
internal static partial class GrafanaDashboard
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset",
    };

    public static HashSet<string> SeriesNames(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var expressions = new List<string>();
        Collect(doc.RootElement, expressions);
        Assert.NotEmpty(expressions);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var expression in expressions)
        {
            // Label matchers, strings, ranges and grafana variables name no series.
            var bare = Noise().Replace(expression, " ");
            foreach (Match m in Identifier().Matches(bare))
            {
                var name = m.Groups[1].Value;
                var call = m.Groups[2].Success;
                if (!call && !Keywords.Contains(name))
                {
                    names.Add(name);
                }
            }
        }
        return names;
    }

    private static void Collect(JsonElement e, List<string> expressions)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    if (p.Name is "expr" or "definition" && p.Value.ValueKind == JsonValueKind.String)
                    {
                        expressions.Add(p.Value.GetString()!);
                    }
                    Collect(p.Value, expressions);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray())
                {
                    Collect(item, expressions);
                }
                break;
            default:
                break;
        }
    }

    // Also label lists (by, on, ...) and label_values' second argument: labels, not series.
    [GeneratedRegex(@"\{[^}]*\}|""[^""]*""|\[[^\]]*\]|\$\w+|\b\d+(\.\d+)?\b|\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)|,\s*\w+\s*\)")]
    private static partial Regex Noise();

    [GeneratedRegex(@"(?<![\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\()?")]
    private static partial Regex Identifier();
}
