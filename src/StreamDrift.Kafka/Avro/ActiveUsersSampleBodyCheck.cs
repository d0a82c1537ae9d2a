namespace StreamDrift.Kafka.Avro;

/// <summary>
/// Walks an active_users_sample body (schemas/active_users_sample.avsc: string, string, long, int, long,
/// union [null, long]) before the Avro library reads it: every varint well formed, every string length within
/// the bytes that follow, the union branch known, nothing left over. The library allocates a string's length
/// before reading it, so without this one hostile length prefix costs gigabytes.
/// </summary>
internal static class ActiveUsersSampleBodyCheck
{
    /// <summary>Avro varints of a long take at most 10 bytes.</summary>
    private const int MaxVarintBytes = 10;

    public static bool TryCheck(ReadOnlySpan<byte> body, out string detail)
    {
        var ok = String(ref body, "storeId", out detail)
            && String(ref body, "connector", out detail)
            && Long(ref body, "activeUsers", out _, out detail)
            && Long(ref body, "activeWindowSeconds", out _, out detail)
            && Long(ref body, "observedAt", out _, out detail)
            && Orders(ref body, out detail);
        if (ok && !body.IsEmpty)
        {
            detail = $"{body.Length} bytes after the record";
            return false;
        }

        return ok;
    }

    private static bool Orders(ref ReadOnlySpan<byte> body, out string detail)
    {
        if (!Long(ref body, "orders branch", out var branch, out detail))
        {
            return false;
        }

        return branch switch
        {
            0 => true,
            1 => Long(ref body, "orders", out _, out detail),
            _ => Fail($"orders union branch {branch} is not null or long", out detail),
        };
    }

    private static bool String(ref ReadOnlySpan<byte> body, string field, out string detail)
    {
        if (!Long(ref body, field + " length", out var length, out detail))
        {
            return false;
        }

        if (length < 0 || length > body.Length)
        {
            return Fail($"{field} length {length} does not fit the {body.Length} bytes left", out detail);
        }

        body = body[(int)length..];
        return true;
    }

    /// <summary>A zig-zag varint (ints and longs alike: an int's range is checked by the library).</summary>
    private static bool Long(ref ReadOnlySpan<byte> body, string field, out long value, out string detail)
    {
        ulong raw = 0;
        for (var i = 0; i < MaxVarintBytes; i++)
        {
            if (i >= body.Length)
            {
                value = 0;
                return Fail($"{field} is cut short", out detail);
            }

            var b = body[i];
            raw |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                body = body[(i + 1)..];
                value = (long)(raw >> 1) ^ -(long)(raw & 1);
                detail = string.Empty;
                return true;
            }
        }

        value = 0;
        return Fail($"{field} is not a varint", out detail);
    }

    private static bool Fail(string text, out string detail)
    {
        detail = text;
        return false;
    }
}
