using System.Text.Json;
using StreamDrift.Cli.Metrics;

namespace StreamDrift.Cli.Card;

/// <summary>
/// The card as JSON for the page: <c>/card.json</c> carries every store with its whole chart; each
/// <c>/events</c> message carries only the stores changed since the client's version, with the last chart
/// points and the history's epoch (a client whose epoch differs fetches <c>/card.json</c> again).
/// Chart points are arrays <c>[epochSeconds, keys, users, low, high, state]</c> to keep the page small.
/// </summary>
internal static class CardJson
{
    /// <summary>Chart points an update carries: the bucket being filled and the one before it.</summary>
    private const int TailPoints = 2;

    public static void Write(Utf8JsonWriter writer, CardBoard board, DateTimeOffset now, long sinceVersion = -1)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(board);
        writer.WriteStartObject();
        writer.WriteNumber("version", board.Version);
        writer.WriteNumber("now", now.ToUnixTimeMilliseconds());
        writer.WriteStartArray("stores");
        foreach (var store in board.Stores)
        {
            board.Read(store, card =>
            {
                if (card.Version > sinceVersion)
                {
                    WriteStore(writer, card, sinceVersion < 0 ? int.MaxValue : TailPoints);
                }
                return 0;
            });
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteStore(Utf8JsonWriter w, StoreCard card, int points)
    {
        w.WriteStartObject();
        w.WriteString("id", card.StoreId);
        w.WriteNumber("version", card.Version);
        w.WriteStartObject("headline");
        Number(w, "sessionKeys", card.SessionKeys);
        Number(w, "activeUsers", card.ActiveUsers);
        Number(w, "drift", card.Drift);
        Number(w, "driftPercent", card.DriftRatio * 100);
        Number(w, "expectedDrift", card.ExpectedDrift);
        w.WriteString("state", Symbol(card.State.ToString()));
        w.WriteString("cause", Symbol(card.Cause.ToString()));
        w.WriteNumber("confidence", Math.Round(card.Confidence, 3));
        Time(w, "windowEnd", card.WindowEnd);
        Time(w, "sampleAt", card.SampleAt);
        w.WriteBoolean("redisReachable", card.RedisReachable);
        w.WriteNumber("subscriptionGaps", card.SubscriptionGaps);
        w.WriteEndObject();
        WriteSignals(w, card);
        w.WritePropertyName("open");
        if (card.Open is { } open)
        {
            WriteAlert(w, open, details: true);
        }
        else
        {
            w.WriteNullValue();
        }
        w.WriteStartArray("alerts");
        foreach (var alert in card.Alerts)
        {
            WriteAlert(w, alert, details: false);
        }
        w.WriteEndArray();
        WriteHistory(w, card.History, points);
        w.WriteEndObject();
    }

    private static void WriteSignals(Utf8JsonWriter w, StoreCard card)
    {
        w.WriteStartObject("signals");
        if (card.Health is { } h)
        {
            w.WriteNumber("evictedPerMinute", Math.Round(h.EvictedKeysPerSecond * 60, 1));
            w.WriteNumber("expiredPerMinute", Math.Round(h.ExpiredKeysPerSecond * 60, 1));
            w.WriteNumber("usedMemoryBytes", h.UsedMemoryBytes);
            w.WriteNumber("maxMemoryBytes", h.MaxMemoryBytes);
            Number(w, "memoryPercent", h.MemoryUsedRatio * 100);
            w.WriteString("maxMemoryPolicy", h.MaxMemoryPolicy);
            w.WriteNumber("connectedClients", h.ConnectedClients);
            w.WriteNumber("maxClients", h.MaxClients);
            w.WriteNumber("opsPerSecond", h.InstantaneousOpsPerSecond);
            w.WriteNumber("dbKeys", h.DbKeys);
            w.WriteString("role", h.Role);
        }
        Number(w, "ordersPerMinute", card.Orders);
        w.WriteEndObject();
    }

    private static void WriteAlert(Utf8JsonWriter w, CardAlert alert, bool details)
    {
        w.WriteStartObject();
        w.WriteString("id", alert.AlertId);
        w.WriteString("cause", Symbol(alert.Cause.ToString()));
        w.WriteNumber("confidence", Math.Round(alert.Confidence, 3));
        w.WriteNumber("openedAt", alert.OpenedAt.ToUnixTimeMilliseconds());
        Time(w, "resolvedAt", alert.ResolvedAt);
        w.WriteNumber("peakDrift", Math.Round(alert.PeakDrift));
        w.WriteNumber("windows", alert.Windows);
        w.WriteString("reading", alert.Reading);
        if (details)
        {
            w.WriteStartArray("mitigations");
            foreach (var m in alert.Mitigations)
            {
                w.WriteStringValue(m);
            }
            w.WriteEndArray();
            w.WriteStartObject("evidence");
            foreach (var (name, value) in alert.Evidence)
            {
                Number(w, name, value);
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static void WriteHistory(Utf8JsonWriter w, CardHistory history, int points)
    {
        w.WriteStartObject("history");
        w.WriteNumber("bucketSeconds", history.Bucket.TotalSeconds);
        w.WriteNumber("epoch", history.Epoch);
        w.WriteBoolean("tail", points != int.MaxValue);
        w.WriteStartArray("points");
        var all = history.Points;
        for (var i = Math.Max(0, all.Count - points); i < all.Count; i++)
        {
            var p = all[i];
            w.WriteStartArray();
            w.WriteNumberValue(p.Start.ToUnixTimeSeconds());
            Value(w, p.SessionKeys);
            Value(w, p.ActiveUsers);
            Value(w, p.ExpectedLow);
            Value(w, p.ExpectedHigh);
            w.WriteNumberValue(CardPoint.Severity(p.State));
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static string Symbol(string pascal) => RunReporter.SnakeCase(pascal).ToUpperInvariant();

    private static void Number(Utf8JsonWriter w, string name, double? value)
    {
        w.WritePropertyName(name);
        Value(w, value);
    }

    // NaN and infinities are not JSON: an unknown figure is null.
    private static void Value(Utf8JsonWriter w, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            w.WriteNumberValue(Math.Round(v, 2));
        }
        else
        {
            w.WriteNullValue();
        }
    }

    private static void Time(Utf8JsonWriter w, string name, DateTimeOffset? value)
    {
        if (value is { } t)
        {
            w.WriteNumber(name, t.ToUnixTimeMilliseconds());
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
