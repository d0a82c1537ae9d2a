using System.Globalization;
using System.Text.Json;
using StreamDrift.Core.Samples;

namespace StreamDrift.Connectors.Kafka;

/// <summary>
/// The JSON twin of active_users_sample.avsc (schemas/active_users_sample.schema.json): camelCase
/// fields, ISO-8601 <c>observedAt</c> (UTC when it carries no offset: never the server's local zone),
/// optional <c>orders</c>. Returns either a sample or
/// the reason it was refused.
/// </summary>
internal static class SampleJsonParser
{
    public static (ActiveUsersSample? Sample, RejectionReason Reason, string Detail) Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Fail(RejectionReason.MalformedJson, "not a JSON object");
            }
            if (!Text(root, "storeId", out var store) || !Text(root, "connector", out var connector))
            {
                return Fail(RejectionReason.MissingField, "storeId and connector are required strings");
            }
            if (!Long(root, "activeUsers", out var users) || !Long(root, "activeWindowSeconds", out var window))
            {
                return Fail(RejectionReason.MissingField, "activeUsers and activeWindowSeconds are required integers");
            }
            if (!Text(root, "observedAt", out var observedText)
                || !DateTimeOffset.TryParse(observedText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var observedAt))
            {
                return Fail(RejectionReason.MissingField, "observedAt must be an ISO-8601 date-time");
            }
            long? orders = null;
            if (root.TryGetProperty("orders", out var o) && o.ValueKind != JsonValueKind.Null)
            {
                if (!o.TryGetInt64(out var n))
                {
                    return Fail(RejectionReason.MalformedJson, "orders must be an integer");
                }
                orders = n;
            }
            if (users < 0 || orders < 0 || window is <= 0 or > int.MaxValue)
            {
                return Fail(RejectionReason.NegativeCount, "activeUsers and orders must be >= 0, activeWindowSeconds > 0");
            }
            return (new ActiveUsersSample(store, connector, users, (int)window, observedAt, orders), default, "");
        }
        catch (JsonException ex)
        {
            return Fail(RejectionReason.MalformedJson, ex.Message);
        }
    }

    private static (ActiveUsersSample?, RejectionReason, string) Fail(RejectionReason reason, string detail) => (null, reason, detail);

    private static bool Text(JsonElement root, string name, out string value)
    {
        value = "";
        if (!root.TryGetProperty(name, out var e) || e.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(e.GetString()))
        {
            return false;
        }
        value = e.GetString()!;
        return true;
    }

    private static bool Long(JsonElement root, string name, out long value)
    {
        value = 0;
        return root.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out value);
    }
}
