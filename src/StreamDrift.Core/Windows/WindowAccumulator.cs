namespace StreamDrift.Core.Windows;

/// <summary>Running sums of the joined points of one open window (a struct in a ring: no allocation per sample).</summary>
internal struct WindowAccumulator
{
    public long Index;
    public bool InUse;
    public int Samples;
    public double SumKeys;
    public double SumUsers;
    public double SumOrders;
    public int OrderSamples;
    public DateTimeOffset LatestObserved;
    public int ActiveWindowSeconds;
    /// <summary>Sum of the samples' event times in Unix seconds (their mean places the window's figures in time).</summary>
    public double SumObservedSeconds;

    public void Reset(long index)
    {
        this = default;
        Index = index;
        InUse = true;
    }

    public void Add(long sessionKeys, long activeUsers, long? orders, DateTimeOffset observedAt, int activeWindowSeconds)
    {
        Samples++;
        if (observedAt >= LatestObserved)
        {
            LatestObserved = observedAt;
            ActiveWindowSeconds = activeWindowSeconds;
        }

        SumObservedSeconds += observedAt.ToUnixTimeMilliseconds() / 1000.0;
        SumKeys += sessionKeys;
        SumUsers += activeUsers;
        if (orders is { } o)
        {
            SumOrders += o;
            OrderSamples++;
        }
    }
}
