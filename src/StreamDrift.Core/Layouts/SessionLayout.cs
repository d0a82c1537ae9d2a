namespace StreamDrift.Core.Layouts;

/// <summary>
/// How one framework's session store lays out its keys: the prefixes it writes under, the keys under them that
/// are not sessions, and what one session is. Presets live in <see cref="SessionLayouts"/>.
/// </summary>
/// <param name="Name">The preset name (<c>--layout NAME</c>).</param>
/// <param name="CheckedAgainst">The framework library and version whose source the layout was checked against.</param>
/// <param name="Prefixes">The default key prefixes.</param>
/// <param name="Exclusions">Globs of keys under the prefixes that are not sessions.</param>
/// <param name="IdLength">Exact id length after the prefix (letters and digits), 0 when any id counts.</param>
/// <param name="OneSession">What one session is, for the README and logs.</param>
/// <param name="Expiry">A marker key holding each session's exact expiry (Spring), read by the TTL sampler instead of the session's own TTL.</param>
/// <param name="Bots">The short lifetimes bots get (Magento), which turn the TTL sample into a bot-share estimate.</param>
public sealed record SessionLayout(
    string Name,
    string CheckedAgainst,
    IReadOnlyList<string> Prefixes,
    IReadOnlyList<string> Exclusions,
    int IdLength,
    string OneSession,
    ExpiryMarker? Expiry = null,
    BotLifetimes? Bots = null)
{
    /// <summary>The layout's rules, with <paramref name="extraExclusions"/> (the store's <c>--exclude</c>) added.</summary>
    public SessionKeyRules Rules(IReadOnlyList<string>? prefixes = null, IEnumerable<string>? extraExclusions = null) =>
        SessionKeyRules.Create(prefixes ?? Prefixes, [.. Exclusions, .. extraExclusions ?? []], IdLength);
}
