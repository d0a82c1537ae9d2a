namespace StreamDrift.Cli.Health;

/// <summary>
/// What <c>/healthz</c> says about one store. Written by the pipeline (any thread), read by the endpoint;
/// each field is independent, so plain volatile reads are consistent enough for a health page.
/// </summary>
internal sealed class StoreHealth(string storeId)
{
    private volatile bool _redisReachable;
    private volatile SubscriptionState _subscription = SubscriptionState.Connecting;
    private volatile string? _lastError;
    private long _lastWindowEndTicks;

    public string StoreId { get; } = storeId;

    public bool RedisReachable
    {
        get => _redisReachable;
        set => _redisReachable = value;
    }

    public SubscriptionState Subscription
    {
        get => _subscription;
        set => _subscription = value;
    }

    /// <summary>The last connection or subscription error, without secrets; null once healthy again.</summary>
    public string? LastError
    {
        get => _lastError;
        set => _lastError = value;
    }

    /// <summary>End (event time) of the last window closed for this store, null before the first.</summary>
    public DateTimeOffset? LastWindowEnd
    {
        get
        {
            var ticks = Interlocked.Read(ref _lastWindowEndTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
        set => Interlocked.Exchange(ref _lastWindowEndTicks, value?.UtcTicks ?? 0);
    }

    public bool Healthy => RedisReachable && Subscription == SubscriptionState.Subscribed;
}
