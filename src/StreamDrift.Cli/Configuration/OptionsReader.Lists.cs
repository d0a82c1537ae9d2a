using System.Globalization;

namespace StreamDrift.Cli.Configuration;

/// <summary>
/// Lists come whole from the highest layer that has any: <c>--prefix a</c> replaces the file's three
/// prefixes rather than overwriting only the first of them, which is what index-wise merging would do.
/// </summary>
internal sealed partial class OptionsReader
{
    private List<string>? List(string key)
    {
        for (var i = _root.Providers.Count() - 1; i >= 0; i--)
        {
            var provider = _root.Providers.ElementAt(i);
            // A plain value is a comma-separated list (handy in environment variables).
            if (provider.TryGet(key, out var scalar) && scalar is not null)
            {
                return [.. scalar.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
            }
            var children = new SortedDictionary<int, string>();
            foreach (var child in provider.GetChildKeys([], key))
            {
                if (int.TryParse(child, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                    && provider.TryGet($"{key}:{child}", out var item) && !string.IsNullOrEmpty(item))
                {
                    children[index] = item;
                }
            }
            if (children.Count > 0)
            {
                return [.. children.Values];
            }
        }
        return null;
    }
}
