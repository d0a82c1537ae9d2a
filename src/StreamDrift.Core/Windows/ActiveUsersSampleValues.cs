namespace StreamDrift.Core.Windows;

/// <summary>The figures of a sample the window keeps (a struct so adding a sample allocates nothing).</summary>
internal readonly record struct ActiveUsersSampleValues(long ActiveUsers, long? Orders, DateTimeOffset ObservedAt, int ActiveWindowSeconds);
