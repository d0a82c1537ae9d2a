namespace StreamDrift.Cli.Configuration;

/// <summary>
/// Strict flag parsing shared by the commands: <c>--name value</c> or <c>--name=value</c>, switches without a
/// value, repeatable flags collected in order. Anything unknown is a <see cref="UsageException"/> (exit 2):
/// a mistyped flag silently ignored would run with a default the operator did not choose.
/// </summary>
internal static class FlagParser
{
    public static ParsedFlags Parse(string command, IReadOnlyList<string> args, IReadOnlyList<FlagSpec> specs)
    {
        var help = false;
        var parsed = new List<(string Name, string Value)>(args.Count);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help")
            {
                help = true;
                continue;
            }
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new UsageException($"unexpected argument '{arg}' for {command} (see streamdrift {command} --help)");
            }
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg[2..] : arg[2..equals];
            var spec = Find(specs, name)
                ?? throw new UsageException($"unknown flag '--{name}' for {command} (see streamdrift {command} --help)");
            string value;
            if (spec.IsSwitch)
            {
                value = equals < 0 ? "true" : arg[(equals + 1)..];
            }
            else if (equals >= 0)
            {
                value = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }
            else
            {
                throw new UsageException($"flag --{name} needs a value");
            }
            parsed.Add((name, value));
        }

        var flags = new ParsedFlags { HelpRequested = help };
        foreach (var (name, value) in parsed)
        {
            flags.Add(name, value);
        }
        return flags;
    }

    public static string Usage(string command, string synopsis, IReadOnlyList<FlagSpec> specs)
    {
        var lines = new List<string> { $"usage: streamdrift {command} {synopsis}" };
        foreach (var spec in specs)
        {
            var left = spec.IsSwitch ? $"--{spec.Name}" : $"--{spec.Name} VALUE";
            lines.Add($"  {left,-26} {spec.Help}{(spec.Repeatable ? " (repeatable)" : "")}");
        }
        return string.Join(Environment.NewLine, lines);
    }

    private static FlagSpec? Find(IReadOnlyList<FlagSpec> specs, string name)
    {
        foreach (var spec in specs)
        {
            if (spec.Name == name)
            {
                return spec;
            }
        }
        return null;
    }
}
