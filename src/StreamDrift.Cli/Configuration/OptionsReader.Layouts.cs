using StreamDrift.Core.Layouts;

namespace StreamDrift.Cli.Configuration;

/// <summary>The session layout of a store: a framework preset and the exclusions added to it.</summary>
internal sealed partial class OptionsReader
{
    private SessionLayout? ReadLayout(string key)
    {
        var raw = Value(key);
        if (raw is null)
        {
            return null;
        }
        return SessionLayouts.Find(raw)
            ?? throw Invalid(key, raw, $"must be one of {string.Join(", ", SessionLayouts.All.Select(l => l.Name))}");
    }

    /// <summary>The layout's exclusions, then the store's own; one that leaves nothing to count stops the run.</summary>
    private List<string> Exclusions(string key, SessionLayout? layout, IReadOnlyList<string> prefixes)
    {
        var own = List(key) ?? [];
        if (own.Count > 32)
        {
            throw Invalid(key, string.Join(",", own), "must list at most 32 globs");
        }
        foreach (var glob in own)
        {
            try
            {
                SessionKeyRules.Create(prefixes, [glob], 0);
            }
            catch (ArgumentException e)
            {
                throw Invalid(key, glob, e.Message);
            }
        }
        return [.. layout?.Exclusions ?? [], .. own];
    }
}
