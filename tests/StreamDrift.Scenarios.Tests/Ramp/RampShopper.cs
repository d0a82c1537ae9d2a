namespace StreamDrift.Scenarios.Tests.Ramp;

/// <summary>One shopper of the ramp store: on the site until <see cref="LeavesAt"/>, one or two session keys.</summary>
internal sealed class RampShopper(long id, double leavesAt, bool secondTab, double firstRequestAt)
{
    public long Id { get; } = id;
    public double LeavesAt { get; } = leavesAt;
    public bool SecondTab { get; } = secondTab;
    public double NextRequestAt { get; set; } = firstRequestAt;
    public double LastRequestAt { get; set; } = double.NegativeInfinity;
}
