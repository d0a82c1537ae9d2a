namespace StreamDrift.Redis;

/// <summary>Primaries that joined and left between two looks at the topology (a failover shows as one of each).</summary>
internal sealed record TopologyChange(IReadOnlyList<string> Joined, IReadOnlyList<string> Left, DateTimeOffset At)
{
    public override string ToString() =>
        $"primaries changed (joined: {(Joined.Count == 0 ? "none" : string.Join(",", Joined))}; left: {(Left.Count == 0 ? "none" : string.Join(",", Left))})";
}
