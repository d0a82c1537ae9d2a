namespace StreamDrift.Cli.Configuration;

/// <summary>The flags of <c>streamdrift demo</c>.</summary>
internal static class DemoFlags
{
    public const string Forever = "forever";
    public const string Headless = "headless";

    public static readonly IReadOnlyList<FlagSpec> Specs =
    [
        new(Forever, null, "keep running after the scripted incident (stop with Ctrl+C)", IsSwitch: true),
        new(Headless, null, "plain lines instead of the live view (automatic when output is not a terminal)", IsSwitch: true),
        new("sink", null, "also write observations and alerts to jsonl:PATH"),
        new("metrics-port", null, "serve the card, /metrics and /healthz on 127.0.0.1 at this port (default: a free port; 0 = off)"),
    ];
}
