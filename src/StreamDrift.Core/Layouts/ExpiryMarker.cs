namespace StreamDrift.Core.Layouts;

/// <summary>
/// A second key that holds a session's exact expiry, beside a session key kept alive longer for clean-up: Spring
/// Session's indexed repository (spring-session-data-redis 3.4, RedisIndexedSessionRepository.saveDelta) expires
/// <c>&lt;ns&gt;:sessions:expires:&lt;id&gt;</c> after the max inactive interval and the
/// <c>&lt;ns&gt;:sessions:&lt;id&gt;</c> hash five minutes later, so the hash's own TTL overstates the session's
/// lifetime by those five minutes.
/// </summary>
/// <param name="Infix">Inserted between the session prefix and the id to name the marker (<c>expires:</c>).</param>
/// <param name="SessionOutlivesMarker">How much longer the session key lives than its marker.</param>
public sealed record ExpiryMarker(string Infix, TimeSpan SessionOutlivesMarker)
{
    // PTTL's replies for a key that does not exist and for one without TTL.
    private const long Gone = -2;
    private const long NoTtl = -1;

    /// <summary>The marker of <paramref name="sessionKey"/> under <paramref name="prefix"/>.</summary>
    public string MarkerOf(string prefix, string sessionKey) => string.Concat(prefix, Infix, sessionKey.AsSpan(prefix.Length));

    /// <summary>
    /// The session's remaining lifetime in ms from the PTTL replies of its marker and of the session key: the
    /// marker's when it has one; without a marker, the session key's less the clean-up margin (never below 0: the
    /// session has expired and only awaits clean-up), -1 for a session kept without TTL, -2 when the session is gone.
    /// </summary>
    public long RemainingMilliseconds(long markerPttl, long sessionPttl)
    {
        if (sessionPttl == Gone)
        {
            return Gone;
        }
        if (markerPttl >= 0)
        {
            return markerPttl;
        }
        return sessionPttl == NoTtl ? NoTtl : Math.Max(0, sessionPttl - (long)SessionOutlivesMarker.TotalMilliseconds);
    }
}
