using System.Collections;

namespace StreamDrift.Cli.Configuration;

/// <summary>Flags in, validated <see cref="ReplayOptions"/> out (exit 2 on a bad flag, setting or missing input).</summary>
internal static class ReplayOptionsLoader
{
    public static ReplayOptions Load(ParsedFlags flags, IDictionary environment)
    {
        var input = flags.Get(ReplayFlags.Input) ?? throw new UsageException("replay needs --input FILE.jsonl");
        if (!File.Exists(input))
        {
            throw new UsageException($"input file '{input}' not found");
        }
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var spec in ReplayFlags.Specs)
        {
            if (spec.ConfigKey is not null && flags.Get(spec.Name) is { } value)
            {
                values[spec.ConfigKey] = value;
            }
        }
        // Without a config file the recording's stores share the flag-given (or default) settings of Stores:0.
        var defaults = new Dictionary<string, string?> { ["Stores:0:Id"] = "default" };
        var root = ConfigurationLoader.Build(flags.Get(RunFlags.Config), environment, values, defaults);
        var settings = OptionsReader.Read(root, new UsersSource(UsersSourceKind.Recording, input));
        return new ReplayOptions(input, flags.Get(ReplayFlags.Output), settings);
    }
}
