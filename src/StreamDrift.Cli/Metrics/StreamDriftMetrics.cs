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
        ExcludedEvents = registry.Counter("streamdrift_excluded_events_total", "Keyspace notifications under the session prefixes for keys that are not sessions (the layout's and --exclude's globs, the id shape), left out of the count.", "store");
        InputRejected = registry.Counter("streamdrift_input_rejected_total", "Connector samples rejected (dead-lettered), by reason.", "reason");
        KafkaDelivered = registry.Counter("streamdrift_kafka_delivered_total", "Records the broker acknowledged, by topic.", "topic");
        WindowsClosed = registry.Counter("streamdrift_windows_closed_total", "Event-time windows closed and judged.", "store");
        GroupGeneration = registry.Gauge("streamdrift_group_generation", "Generation of the scale-out consumer group this instance last joined (-1 before it joined).");
        StoreOwned = registry.Gauge("streamdrift_store_owned", "1 while this instance owns the store in the scale-out group, 0 after it handed it over.", "store");
        AlertOpen = registry.Gauge("streamdrift_alert_open", "1 while a drift alert is open for the store, else 0.", "store");
        AlertCause = registry.Gauge("streamdrift_alert_cause", "1 for the cause of the store's open alert, 0 for every other cause and while no alert is open.", "store", "cause");
        AlertConfidence = registry.Gauge("streamdrift_alert_confidence", "Confidence (0-1) of the open alert's cause; 0 while no alert is open.", "store");
        DriftState = registry.Gauge("streamdrift_drift_state", "State after the last closed window: 0 normal, 1 material, 2 alerting, 3 stale.", "store");
        ExpectedKeysLow = registry.Gauge("streamdrift_expected_keys_low", "Low edge of the expected session keys in the last window (users plus expected drift, minus the store's key/percent threshold); NaN while learning.", "store");
        ExpectedKeysHigh = registry.Gauge("streamdrift_expected_keys_high", "High edge of the expected session keys in the last window; NaN while learning.", "store");
        ConnectorStale = registry.Gauge("streamdrift_connector_stale", "1 while the store's active-users connector is stale (drift unknown), else 0.", "store");
        Orders = registry.Gauge("streamdrift_orders", "Orders in the last minute, as the store's latest connector sample reported them (NaN when it sends none).", "store");
        RedisUp = registry.Gauge("streamdrift_redis_up", "1 while the store's Redis answers, else 0.", "store");
        RedisEvictedKeys = registry.Counter("streamdrift_redis_evicted_keys_total", "Keys Redis evicted (INFO stats evicted_keys, all prefixes).", "store");
        RedisExpiredKeys = registry.Counter("streamdrift_redis_expired_keys_total", "Keys Redis expired (INFO stats expired_keys, all prefixes).", "store");
        RedisUsedMemory = registry.Gauge("streamdrift_redis_used_memory_bytes", "Redis used_memory.", "store");
        RedisMaxMemory = registry.Gauge("streamdrift_redis_maxmemory_bytes", "Redis maxmemory (0: no limit).", "store");
        RedisConnectedClients = registry.Gauge("streamdrift_redis_connected_clients", "Redis connected_clients.", "store");
        RedisMaxClients = registry.Gauge("streamdrift_redis_maxclients", "Redis maxclients.", "store");
        RedisOpsPerSecond = registry.Gauge("streamdrift_redis_ops_per_second", "Redis instantaneous_ops_per_sec.", "store");
        RedisDbKeys = registry.Gauge("streamdrift_redis_db_keys", "Keys in the watched DB, all prefixes (INFO keyspace keys=).", "store");
        KafkaDeliveryFailures = registry.Counter("streamdrift_kafka_delivery_failures_total", "Records the broker did not acknowledge (delivery reports with an error), by topic.", "topic");
        NodeSessionKeys = registry.Gauge("streamdrift_node_session_keys", "Session keys the store's last reconcile found on this node (NaN before its first scan and on replicas, which are not scanned).", "store", "node");
        NodePrimary = registry.Gauge("streamdrift_node_primary", "1 while the node is a primary of the store, 0 while a replica, NaN while the client has no connection to it.", "store", "node");
        NodeScanOnly = registry.Gauge("streamdrift_node_scan_only", "1 while the primary is counted by paced SCAN only (CONFIG refused there: no keyspace events), else 0.", "store", "node");
        NodeDbKeys = registry.Gauge("streamdrift_node_db_keys", "Keys in the watched DB on this primary, all prefixes (INFO keyspace); NaN on replicas.", "store", "node");
        NodeUsedMemory = registry.Gauge("streamdrift_node_used_memory_bytes", "used_memory of this primary; NaN on replicas.", "store", "node");
        NodeEvictedKeys = registry.Counter("streamdrift_node_evicted_keys_total", "Keys this primary evicted since StreamDrift watches it (INFO evicted_keys, all prefixes).", "store", "node");
        NodeExpiredKeys = registry.Counter("streamdrift_node_expired_keys_total", "Keys this primary expired since StreamDrift watches it (INFO expired_keys, all prefixes).", "store", "node");
        ReconcilePageSeconds = registry.Histogram(
            "streamdrift_reconcile_page_seconds",
            "Server time of each reconcile SCAN page (timing=server: measured by Redis inside the script; timing=round_trip: plain SCAN, an upper bound).",
            "store", "timing");
    }

    public MetricsRegistry Registry { get; }

    public MetricFamily SessionKeys { get; }

    public MetricFamily ActiveUsers { get; }

    public MetricFamily Drift { get; }

    public MetricFamily KeyspaceEvents { get; }

    public MetricFamily ReconcileCorrections { get; }

    public MetricFamily SubscriptionGaps { get; }

    public MetricFamily ExcludedEvents { get; }

    public MetricFamily InputRejected { get; }

    public MetricFamily KafkaDelivered { get; }

    public MetricFamily WindowsClosed { get; }

    public MetricFamily AlertOpen { get; }

    public MetricFamily AlertCause { get; }

    public MetricFamily AlertConfidence { get; }

    public MetricFamily DriftState { get; }

    public MetricFamily ExpectedKeysLow { get; }

    public MetricFamily ExpectedKeysHigh { get; }

    public MetricFamily ConnectorStale { get; }

    public MetricFamily Orders { get; }

    public MetricFamily RedisUp { get; }

    public MetricFamily RedisEvictedKeys { get; }

    public MetricFamily RedisExpiredKeys { get; }

    public MetricFamily RedisUsedMemory { get; }

    public MetricFamily RedisMaxMemory { get; }

    public MetricFamily RedisConnectedClients { get; }

    public MetricFamily RedisMaxClients { get; }

    public MetricFamily RedisOpsPerSecond { get; }

    public MetricFamily RedisDbKeys { get; }

    public MetricFamily KafkaDeliveryFailures { get; }

    public MetricFamily NodeSessionKeys { get; }

    public MetricFamily NodePrimary { get; }

    public MetricFamily NodeScanOnly { get; }

    public MetricFamily NodeDbKeys { get; }

    public MetricFamily NodeUsedMemory { get; }

    public MetricFamily NodeEvictedKeys { get; }

    public MetricFamily NodeExpiredKeys { get; }

    public HistogramFamily ReconcilePageSeconds { get; }

    public MetricFamily GroupGeneration { get; }

    public MetricFamily StoreOwned { get; }
}
