using System.Collections.Frozen;

namespace StreamDrift.Cli.Web;

/// <summary>
/// The card's page, script and style: hand-written, embedded as resources (Web/Assets), served from memory.
/// No library, no CDN, nothing fetched at build or run time.
/// </summary>
internal static class CardAssets
{
    private static readonly FrozenDictionary<string, CardAsset> Files = new Dictionary<string, CardAsset>(StringComparer.Ordinal)
    {
        ["/"] = Load("card.html", "text/html; charset=utf-8"),
        ["/card.js"] = Load("card.js", "text/javascript; charset=utf-8"),
        ["/card.css"] = Load("card.css", "text/css; charset=utf-8"),
        ["/favicon.svg"] = Load("favicon.svg", "image/svg+xml"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static CardAsset? Find(string? path) => path is not null && Files.TryGetValue(path, out var asset) ? asset : null;

    /// <summary>Bytes of every file together: what a first visit downloads besides <c>/card.json</c>.</summary>
    public static long TotalBytes => Files.Values.Sum(f => (long)f.Bytes.Length);

    private static CardAsset Load(string name, string contentType)
    {
        using var stream = typeof(CardAssets).Assembly.GetManifestResourceStream("card/" + name)
            ?? throw new InvalidOperationException($"the card's {name} is not embedded in the build");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return new CardAsset(contentType, copy.ToArray());
    }
}
