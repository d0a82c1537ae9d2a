namespace StreamDrift.Core.Samples;

/// <summary>
/// The value rules every sample must pass, whatever its encoding: required text present, no negative
/// counts, an event time not beyond the future tolerance, and a store StreamDrift watches.
/// </summary>
public sealed class SampleValidator(TimeSpan futureTolerance, Func<string, bool> isKnownStore)
{
    public bool TryValidate(ActiveUsersSample sample, DateTimeOffset now, out RejectionReason reason, out string detail)
    {
        if (string.IsNullOrWhiteSpace(sample.StoreId))
        {
            return Fail(RejectionReason.MissingField, "storeId is empty", out reason, out detail);
        }

        if (string.IsNullOrWhiteSpace(sample.Connector))
        {
            return Fail(RejectionReason.MissingField, "connector is empty", out reason, out detail);
        }

        if (!TryValidateCounts(sample, out reason, out detail))
        {
            return false;
        }

        if (sample.ObservedAt > now + futureTolerance)
        {
            return Fail(RejectionReason.FutureEventTime, "observedAt is beyond the future tolerance", out reason, out detail);
        }

        if (!isKnownStore(sample.StoreId))
        {
            return Fail(RejectionReason.UnknownStore, "store is not watched", out reason, out detail);
        }

        reason = default;
        detail = string.Empty;
        return true;
    }

    /// <summary>
    /// The count rules alone (no negative users or orders, a positive active window): the one place they
    /// live, also asked by decoders that reject a record before it reaches a pipeline.
    /// </summary>
    public static bool TryValidateCounts(ActiveUsersSample sample, out RejectionReason reason, out string detail)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (sample.ActiveUsers < 0)
        {
            return Fail(RejectionReason.NegativeCount, "activeUsers is negative", out reason, out detail);
        }

        if (sample.Orders < 0)
        {
            return Fail(RejectionReason.NegativeCount, "orders is negative", out reason, out detail);
        }

        // A connector's "active" window of zero or less seconds counts nobody: a broken producer.
        if (sample.ActiveWindowSeconds <= 0)
        {
            return Fail(RejectionReason.NegativeCount, "activeWindowSeconds is not positive", out reason, out detail);
        }

        reason = default;
        detail = "";
        return true;
    }

    private static bool Fail(RejectionReason why, string text, out RejectionReason reason, out string detail)
    {
        reason = why;
        detail = text;
        return false;
    }
}
