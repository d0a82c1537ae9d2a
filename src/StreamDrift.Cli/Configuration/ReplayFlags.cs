namespace StreamDrift.Cli.Configuration;

/// <summary>
/// The flags of <c>streamdrift replay</c>: the recording, the output, and the judging settings (the same
/// keys as <c>run</c>, so a production config file can be replayed with one setting changed).
/// </summary>
internal static class ReplayFlags
{
    public const string Input = "input";
    public const string Output = "output";

    public static readonly IReadOnlyList<FlagSpec> Specs =
    [
        new(Input, null, "recording to judge (JSON lines written by run --record; required)"),
        new(Output, null, "write observations and alerts here as JSON lines (default: standard output)"),
        new(RunFlags.Config, null, "JSON configuration file: per-store window, grace and sensitivity"),
        new("window", "Stores:0:Window", "event-time window (default: 60s)"),
        new("grace", "Stores:0:Grace", "lateness accepted after a window ends (default: 30s)"),
        new("stale-after", "Stores:0:StaleAfter", "no user sample for this long = stale (default: 3m)"),
        new("session-ttl", "Stores:0:SessionTtl", "the storefront's session timeout (default: 30m)"),
        new("sensitivity", "Stores:0:Sensitivity:Level", "low, medium or high (default: medium)"),
    ];
}
