namespace StreamDrift.Storefront;

/// <summary>One simulated shopper: their session(s) and when they act and leave.</summary>
internal sealed class Shopper(long id, int tabs, TimeSpan leavesAt, TimeSpan nextActivityAt)
{
    public long Id { get; } = id;
    public int Tabs { get; } = tabs;
    public TimeSpan LeavesAt { get; } = leavesAt;
    public TimeSpan NextActivityAt { get; set; } = nextActivityAt;
    public TimeSpan LastActivityAt { get; set; } = nextActivityAt;
}
