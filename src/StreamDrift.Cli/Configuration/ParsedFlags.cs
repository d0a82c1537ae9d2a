namespace StreamDrift.Cli.Configuration;

/// <summary>The flags one command line gave, in order, by name (without the leading dashes).</summary>
internal sealed class ParsedFlags
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    public bool HelpRequested { get; init; }

    public void Add(string name, string value)
    {
        if (!_values.TryGetValue(name, out var list))
        {
            list = [];
            _values[name] = list;
        }
        list.Add(value);
    }

    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>The last value given (a later flag overrides an earlier one, as shells users expect).</summary>
    public string? Get(string name) => _values.TryGetValue(name, out var list) ? list[^1] : null;

    public IReadOnlyList<string> GetAll(string name) => _values.TryGetValue(name, out var list) ? list : [];

    public IEnumerable<string> Names => _values.Keys;
}
