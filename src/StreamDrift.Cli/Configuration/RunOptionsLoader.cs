using System.Collections;

namespace StreamDrift.Cli.Configuration;

/// <summary>Flags in, validated options out: the whole configuration path of <c>run</c> (and of tests).</summary>
internal static class RunOptionsLoader
{
    /// <summary>Reads and validates the settings, then checks at once the paths that could otherwise only fail later.</summary>
    public static StreamDriftOptions Load(ParsedFlags flags, IDictionary environment)
    {
        var options = OptionsReader.Read(ConfigurationLoader.Build(flags.Get(RunFlags.Config), environment, RunFlags.ToConfiguration(flags)));
        OutputPaths.Check(options);
        return options;
    }
}
