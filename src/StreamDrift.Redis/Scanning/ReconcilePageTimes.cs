namespace StreamDrift.Redis.Scanning;

/// <summary>A watcher's reconcile page times, by how each page was timed.</summary>
public sealed class ReconcilePageTimes
{
    /// <summary>Pages timed by the server itself (TIME inside the script): the reconcile's own server time.</summary>
    public PageTimeHistogram Server { get; } = new();

    /// <summary>Pages timed by their round trip (plain SCAN where scripting is refused): an upper bound of it.</summary>
    public PageTimeHistogram RoundTrip { get; } = new();
}
