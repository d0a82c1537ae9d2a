namespace StreamDrift.Storefront;

/// <summary>A fault switched on <see cref="From"/> after the start and off again at <see cref="Until"/> (if given).</summary>
public sealed record FaultWindow(Fault Fault, TimeSpan From, TimeSpan? Until = null)
{
    public bool IsActiveAt(TimeSpan elapsed) => elapsed >= From && (Until is null || elapsed < Until);
}
