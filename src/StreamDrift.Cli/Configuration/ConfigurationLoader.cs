using System.Collections;
using Microsoft.Extensions.Configuration;

namespace StreamDrift.Cli.Configuration;

/// <summary>
/// Builds the three configuration layers in precedence order: the JSON file, <c>STREAMDRIFT_</c> environment
/// variables (<c>__</c> separates levels, as in .NET), then flags. Each layer stays a separate provider so
/// <see cref="OptionsReader"/> can let a higher layer replace a whole list instead of merging it by index.
/// </summary>
internal static class ConfigurationLoader
{
    public const string EnvironmentPrefix = "STREAMDRIFT_";

    /// <param name="jsonPath">The <c>--config</c> file, or null.</param>
    /// <param name="environment">The process environment (tests pass their own).</param>
    /// <param name="flags">The flag layer.</param>
    /// <param name="defaults">A layer under all others (replay: one store when nothing names any).</param>
    public static IConfigurationRoot Build(string? jsonPath, IDictionary environment, IReadOnlyDictionary<string, string?> flags, IReadOnlyDictionary<string, string?>? defaults = null)
    {
        var builder = new ConfigurationBuilder();
        if (defaults is not null)
        {
            builder.AddInMemoryCollection(defaults);
        }
        if (jsonPath is not null)
        {
            var full = Path.GetFullPath(jsonPath);
            if (Directory.Exists(full))
            {
                throw new UsageException($"config file '{jsonPath}' is a directory");
            }
            if (!File.Exists(full))
            {
                throw new UsageException($"config file '{jsonPath}' not found");
            }
            builder.AddJsonStream(new MemoryStream(ReadConfigFile(jsonPath, full)));
        }
        builder.AddInMemoryCollection(FromEnvironment(environment));
        builder.AddInMemoryCollection(flags);
        try
        {
            return builder.Build();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or System.Text.Json.JsonException)
        {
            // The JSON reader's own message (the innermost) names the line and position of the error.
            throw new UsageException($"config file '{jsonPath}' is not valid JSON: {(e.InnerException ?? e).Message.ReplaceLineEndings(" ")}");
        }
    }

    /// <summary>Read here rather than by the JSON provider, so an unreadable file is one line, not a stack trace.</summary>
    private static byte[] ReadConfigFile(string jsonPath, string full)
    {
        try
        {
            return File.ReadAllBytes(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new UsageException($"config file '{jsonPath}' cannot be read: {e.Message.ReplaceLineEndings(" ")}");
        }
    }

    private static Dictionary<string, string?> FromEnvironment(IDictionary environment)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in environment)
        {
            if (entry.Key is string name && name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
            {
                values[name[EnvironmentPrefix.Length..].Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)] = entry.Value as string;
            }
        }
        return values;
    }
}
