namespace StreamDrift.Cli.Health;

/// <summary>State of a store's keyspace subscription, as <c>/healthz</c> reports it.</summary>
internal enum SubscriptionState
{
    /// <summary>Not yet connected (first attempts, or retrying with back-off).</summary>
    Connecting,
    /// <summary>PSUBSCRIBEd on every prefix of every primary.</summary>
    Subscribed,
    /// <summary>Lost and being re-established; the count is reconciled once back.</summary>
    Resubscribing,
    /// <summary>Redis unreachable: counting stopped, retrying.</summary>
    Down,
}
