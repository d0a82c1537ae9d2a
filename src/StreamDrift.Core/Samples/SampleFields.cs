using System.Text.Json;

namespace StreamDrift.Core.Samples;

/// <summary>The fields of one JSON sample as the reader meets them; a mutable struct so parsing allocates only the strings.</summary>
internal struct SampleFields
{
    private string? _storeId;
    private string? _connector;
    private long? _activeUsers;
    private int? _activeWindowSeconds;
    private DateTimeOffset? _observedAt;
    private long? _orders;

    /// <summary>Reads one property's value; false with the reason and a detail when it cannot be used.</summary>
    public bool ReadProperty(ref Utf8JsonReader reader, out RejectionReason reason, out string detail)
    {
        reason = RejectionReason.WrongSchema;
        detail = string.Empty;
        if (reader.ValueTextEquals("storeId"u8))
        {
            return ReadString(ref reader, "storeId", ref _storeId, out reason, out detail);
        }

        if (reader.ValueTextEquals("connector"u8))
        {
            return ReadString(ref reader, "connector", ref _connector, out reason, out detail);
        }

        if (reader.ValueTextEquals("activeUsers"u8))
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var users))
            {
                detail = "activeUsers must be an integer";
                return false;
            }

            _activeUsers = users;
            return true;
        }

        if (reader.ValueTextEquals("activeWindowSeconds"u8))
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var seconds))
            {
                detail = "activeWindowSeconds must be a 32-bit integer";
                return false;
            }

            _activeWindowSeconds = seconds;
            return true;
        }

        if (reader.ValueTextEquals("observedAt"u8))
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTimeOffset(out var at))
            {
                detail = "observedAt must be an ISO-8601 timestamp";
                return false;
            }

            _observedAt = at;
            return true;
        }

        if (reader.ValueTextEquals("orders"u8))
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                return true;
            }

            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var orders))
            {
                detail = "orders must be an integer or null";
                return false;
            }

            _orders = orders;
            return true;
        }

        // Unknown field: skip its value, whatever its shape (forward compatibility).
        reader.Read();
        reader.Skip();
        return true;
    }

    public readonly bool TryBuild(out ActiveUsersSample? sample, out RejectionReason reason, out string detail)
    {
        sample = null;
        reason = RejectionReason.MissingField;
        var missing = _storeId is null ? "storeId"
            : _connector is null ? "connector"
            : _activeUsers is null ? "activeUsers"
            : _activeWindowSeconds is null ? "activeWindowSeconds"
            : _observedAt is null ? "observedAt"
            : null;
        if (missing is not null)
        {
            detail = $"missing field {missing}";
            return false;
        }

        sample = new ActiveUsersSample(_storeId!, _connector!, _activeUsers!.Value, _activeWindowSeconds!.Value, _observedAt!.Value, _orders);
        detail = string.Empty;
        return true;
    }

    private static bool ReadString(ref Utf8JsonReader reader, string name, ref string? field, out RejectionReason reason, out string detail)
    {
        reason = RejectionReason.WrongSchema;
        reader.Read();
        if (reader.TokenType != JsonTokenType.String)
        {
            detail = $"{name} must be a string";
            return false;
        }

        // JSON text must be UTF-8, and the reader checks that only when a string is transcoded: bytes that are
        // not UTF-8 (or an escaped lone surrogate) throw here, and must become a rejection, never a crash.
        try
        {
            field = reader.GetString();
        }
        catch (InvalidOperationException)
        {
            reason = RejectionReason.MalformedJson;
            detail = $"{name} is not valid UTF-8 text";
            return false;
        }

        detail = string.Empty;
        return true;
    }
}
