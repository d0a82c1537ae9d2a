using System.Collections;

namespace StreamDrift.Cli.Configuration;

/// <summary>Flags in, validated options out: the whole configuration path of <c>run</c> (and of tests).</summary>
internal static class RunOptionsLoader
{
    public static StreamDriftOptions Load(ParsedFlags flags, IDictionary environment) =>
        OptionsReader.Read(ConfigurationLoader.Build(flags.Get(RunFlags.Config), environment, RunFlags.ToConfiguration(flags)));
}
