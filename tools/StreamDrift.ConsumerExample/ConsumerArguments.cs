using System.Globalization;

namespace StreamDrift.ConsumerExample;

/// <summary>Command line: --bootstrap HOST:PORT --topic T [--topic T...] --schemas DIR [--max N] [--timeout SECONDS] [--group ID].</summary>
internal sealed record ConsumerArguments(string Bootstrap, IReadOnlyList<string> Topics, string SchemasDir, int? Max, TimeSpan Timeout, string Group)
{
    public const string Usage = "usage: StreamDrift.ConsumerExample --bootstrap HOST:PORT --topic TOPIC [--topic TOPIC...] --schemas DIR [--max N] [--timeout SECONDS] [--group ID]";

    public static ConsumerArguments Parse(string[] args)
    {
        string? bootstrap = null;
        string? schemas = null;
        var topics = new List<string>();
        int? max = null;
        var timeout = TimeSpan.FromSeconds(30);
        var group = "streamdrift-consumer-example";
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--bootstrap": bootstrap = value; break;
                case "--topic": topics.Add(value); break;
                case "--schemas": schemas = value; break;
                case "--max": max = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--timeout": timeout = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)); break;
                case "--group": group = value; break;
                default: throw new ArgumentException($"Unknown argument {args[i]}.");
            }
            i++;
        }
        if (bootstrap is null || schemas is null || topics.Count == 0)
        {
            throw new ArgumentException("--bootstrap, --topic and --schemas are required.");
        }
        return new ConsumerArguments(bootstrap, topics, schemas, max, timeout, group);
    }
}
