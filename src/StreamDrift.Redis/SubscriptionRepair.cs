namespace StreamDrift.Redis;

/// <summary>What <see cref="SubscriptionGuard"/> does about a subscription the server does not list, step by step.</summary>
internal enum SubscriptionRepair
{
    /// <summary>Our queue unsubscribed and subscribed anew on the library's subscription.</summary>
    Renew,

    /// <summary>Every queue the library holds for the channel dropped (a failed renewal's orphan too), then subscribed.</summary>
    Afresh,

    /// <summary>Our subscriber connection closed on the node: the library opens a new one.</summary>
    Reconnect,
}
