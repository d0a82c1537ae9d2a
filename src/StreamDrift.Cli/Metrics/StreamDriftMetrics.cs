namespace StreamDrift.Cli.Metrics;

/// <summary>
/// The metrics StreamDrift exposes (README, "Metrics"). Adapters get cells from here once per store,
/// event kind or topic, and update them on their hot paths.
/// </summary>
internal sealed class StreamDriftMetrics
{
    public StreamDriftMetrics(MetricsRegistry registry)
    {
        Registry = registry;
        SessionKeys = registry.Gauge("streamdrift_session_keys", "Live session keys under the store's prefixes (event-maintained, reconciled).", "store");
        ActiveUsers = registry.Gauge("streamdrift_active_users", "Active users in the store's latest connector sample.", "store");
        Drift = registry.Gauge("streamdrift_drift", "Session keys minus active users in the last closed window; NaN when unknown (stale).", "store");
        KeyspaceEvents = registry.Counter("streamdrift_keyspace_events_total", "Keyspace notifications received on the session prefixes, by event.", "store", "event");
        ReconcileCorrections = registry.Counter("streamdrift_reconcile_corrections_total", "Keys the reconcile scan added or removed beyond its uncertainty bound: events missed.", "store");
        SubscriptionGaps = registry.Counter("streamdrift_subscription_gaps_total", "Detected losses of the keyspace subscription (disconnects, dropped clients, flushes).", "store");
        InputRejected = registry.Counter("streamdrift_input_rejected_total", "Connector samples rejected (dead-lettered), by reason.", "reason");
        KafkaDelivered = registry.Counter("streamdrift_kafka_delivered_total", "Records the broker acknowledged, by topic.", "topic");
        WindowsClosed = registry.Counter("streamdrift_windows_closed_total", "Event-time windows closed and judged.", "store");
        GroupGeneration = registry.Gauge("streamdrift_group_generation", "Generation of the scale-out consumer group this instance last joined (-1 before it joined).");
        StoreOwned = registry.Gauge("streamdrift_store_owned", "1 while this instance owns the store in the scale-out group, 0 after it handed it over.", "store");
        AlertOpen = registry.Gauge("streamdrift_alert_open", "1 while a drift alert is open for the store, else 0.", "store");
    }

    public MetricsRegistry Registry { get; }

    public MetricFamily SessionKeys { get; }

    public MetricFamily ActiveUsers { get; }

    public MetricFamily Drift { get; }

    public MetricFamily KeyspaceEvents { get; }

    public MetricFamily ReconcileCorrections { get; }

    public MetricFamily SubscriptionGaps { get; }

    public MetricFamily InputRejected { get; }

    public MetricFamily KafkaDelivered { get; }

    public MetricFamily WindowsClosed { get; }

    public MetricFamily AlertOpen { get; }

    public MetricFamily GroupGeneration { get; }

    public MetricFamily StoreOwned { get; }
}
