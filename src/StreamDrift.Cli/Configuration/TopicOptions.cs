namespace StreamDrift.Cli.Configuration;

/// <summary>Output topic names (section <c>Topics</c>); each 1 to 249 chars of <c>[a-zA-Z0-9._-]</c>.</summary>
internal sealed record TopicOptions
{
    public string Observations { get; init; } = "streamdrift.observations";

    public string Alerts { get; init; } = "streamdrift.alerts";

    public string Rejected { get; init; } = "streamdrift.rejected";
}
