using System.Text.Json;
using StreamDrift.Cli.Configuration;

namespace StreamDrift.Cli.Health;

/// <summary>
/// The process' health as <c>/healthz</c> renders it. Always served with HTTP 200 while the process runs:
/// Redis or Kafka being down is reported as <c>"degraded"</c>, not as a failed liveness probe, because
/// restarting StreamDrift would not bring them back (and a crash-loop would lose the count).
/// </summary>
internal sealed class HealthState
{
    private readonly Dictionary<string, StoreHealth> _stores = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly Lock _lock = new();

    public HealthState(KafkaMode kafkaMode, string kafkaBootstrap, DateTimeOffset startedAt)
    {
        Kafka = new KafkaHealth(kafkaMode, kafkaBootstrap);
        StartedAt = startedAt;
    }

    public KafkaHealth Kafka { get; }

    public DateTimeOffset StartedAt { get; }

    /// <summary>The scale-out group (<c>--group</c>), or null: this instance runs every configured store.</summary>
    public GroupHealth? Group { get; init; }

    /// <summary>Drops a store another instance owns now: its health is that instance's to report.</summary>
    public void Forget(string storeId)
    {
        lock (_lock)
        {
            if (_stores.Remove(storeId))
            {
                _order.Remove(storeId);
            }
        }
    }

    public StoreHealth Store(string storeId)
    {
        lock (_lock)
        {
            if (!_stores.TryGetValue(storeId, out var health))
            {
                health = new StoreHealth(storeId);
                _stores[storeId] = health;
                _order.Add(storeId);
            }
            return health;
        }
    }

    /// <summary><c>ok</c>, <c>starting</c> (nothing failed yet, not all connected) or <c>degraded</c>.</summary>
    public string Status
    {
        get
        {
            var stores = Snapshot();
            var allHealthy = Kafka.Healthy && stores.All(s => s.Healthy);
            if (allHealthy)
            {
                return "ok";
            }
            var anyError = Kafka.LastError is not null || stores.Any(s => s.LastError is not null || s.Subscription == SubscriptionState.Down);
            return anyError ? "degraded" : "starting";
        }
    }

    public void WriteJson(Utf8JsonWriter writer, DateTimeOffset now)
    {
        writer.WriteStartObject();
        writer.WriteString("status", Status);
        writer.WriteString("now", now);
        writer.WriteString("startedAt", StartedAt);
        writer.WriteStartObject("kafka");
        writer.WriteString("mode", Kafka.Mode.ToString().ToLowerInvariant());
        writer.WriteString("bootstrap", Kafka.Bootstrap);
        writer.WriteBoolean("reachable", Kafka.Reachable);
        writer.WriteString("lastError", HealthErrorText.Summarize(Kafka.LastError));
        writer.WriteEndObject();
        Group?.WriteJson(writer);
        writer.WriteStartArray("stores");
        foreach (var store in Snapshot())
        {
            writer.WriteStartObject();
            writer.WriteString("id", store.StoreId);
            writer.WriteBoolean("redisReachable", store.RedisReachable);
            writer.WriteString("subscription", store.Subscription.ToString().ToLowerInvariant());
            if (store.LastWindowEnd is { } end)
            {
                writer.WriteString("lastWindowEnd", end);
            }
            else
            {
                writer.WriteNull("lastWindowEnd");
            }
            writer.WriteString("lastError", HealthErrorText.Summarize(store.LastError));
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private List<StoreHealth> Snapshot()
    {
        lock (_lock)
        {
            return [.. _order.Select(id => _stores[id])];
        }
    }
}
