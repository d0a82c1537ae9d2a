namespace StreamDrift.Redis;

/// <summary>What <see cref="SilentSubscriptionWatchdog.Observe"/> asks of its caller after one INFO interval.</summary>
internal enum SilenceVerdict
{
    /// <summary>Nothing to do.</summary>
    None,

    /// <summary>The DB changed for several intervals without one event on our pattern: reconcile to see whether sessions moved.</summary>
    Check,

    /// <summary>The session count moved while no event arrived: the subscription is silent; resubscribe and count a gap.</summary>
    Silent,
}
