using System.Globalization;
using StreamDrift.Core.Layouts;

namespace StreamDrift.Cli.Commands;

/// <summary>The flags of <c>streamdrift count</c>, parsed and checked; a bad one is a <see cref="UsageException"/>.</summary>
internal sealed class CountOptions
{
    public const string Usage =
        "usage: streamdrift count --redis HOST:PORT [--redis HOST:PORT ...] [--sentinel-master NAME] [--replicas] [--db N] (--prefix P [--prefix P2 ...] | --layout NAME) [--exclude GLOB ...] [--json] [--page-size N] [--shares N] [--no-script]";

    /// <summary>The endpoints as given: one server, or several seeds of a cluster (its topology is discovered), as with <c>run</c>.</summary>
    public List<string> Redis { get; } = [];

    /// <summary>Count each shard on one of its replicas (its primary when it has none up), to keep the scan off the primaries.</summary>
    public bool Replicas { get; private set; }

    public int Database { get; private set; }

    /// <summary>Sentinel: the master's name; the <c>--redis</c> endpoints are then its sentinels.</summary>
    public string? SentinelMaster { get; private set; }

    public List<string> Prefixes { get; } = [];

    /// <summary>The framework preset: its prefixes (unless --prefix is given), exclusions and id shape.</summary>
    public SessionLayout? Layout { get; private set; }

    /// <summary>Globs of keys under the prefixes that are not sessions, added to the layout's.</summary>
    public List<string> Exclusions { get; } = [];

    public bool Json { get; private set; }

    /// <summary>
    /// SCAN COUNT per server step. 5000 keeps each step a few milliseconds on the server (about what a plain SCAN
    /// page of 5000 takes, the step's bound) while round trips stay near 1 % of the server's own time.
    /// </summary>
    public int PageSize { get; private set; } = 5000;

    /// <summary>
    /// Cursors per server run side by side over disjoint shares of the hash table (<c>ScanShare</c>), so Redis has the
    /// next page queued instead of waiting a round trip: 1, 2, 4, 8 or 16. Used only on a standalone server with at
    /// least <c>ScanShares.MinimumKeys</c> keys; 1 behind a proxy whose cursor is not Redis's own.
    /// </summary>
    public int Shares { get; private set; } = StreamDrift.Redis.Scanning.ScanShares.Default;

    /// <summary>Plain SCAN even where scripting is allowed: for comparison and diagnosis.</summary>
    public bool NoScript { get; private set; }

    /// <summary>Hidden benchmark mode: watch for this long instead of counting once (see WatchCommand).</summary>
    public TimeSpan? Watch { get; private set; }

    public bool Help { get; private set; }

    public static CountOptions Parse(string[] args)
    {
        var options = new CountOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "-h" or "--help":
                    options.Help = true;
                    break;
                case "--redis":
                    options.Redis.Add(Value(args, ref i));
                    break;
                case "--replicas":
                    options.Replicas = true;
                    break;
                case "--sentinel-master":
                    options.SentinelMaster = Value(args, ref i);
                    if (options.SentinelMaster.Length == 0 || options.SentinelMaster.Any(char.IsWhiteSpace))
                    {
                        throw new UsageException($"count: --sentinel-master '{options.SentinelMaster}' must be the master's name in 'sentinel monitor NAME' (no spaces)");
                    }
                    break;
                case "--db":
                    options.Database = Int(args, ref i, 0, 10_000);
                    break;
                case "--prefix":
                    var prefix = Value(args, ref i);
                    if (prefix.Length == 0)
                    {
                        throw new UsageException("--prefix must not be empty (it would count every key of the DB)");
                    }
                    options.Prefixes.Add(prefix);
                    break;
                case "--layout":
                    var name = Value(args, ref i);
                    options.Layout = SessionLayouts.Find(name)
                        ?? throw new UsageException($"count: --layout '{name}' must be one of {string.Join(", ", SessionLayouts.All.Select(l => l.Name))}");
                    break;
                case "--exclude":
                    options.Exclusions.Add(Value(args, ref i));
                    break;
                case "--json":
                    options.Json = true;
                    break;
                case "--page-size":
                    options.PageSize = Int(args, ref i, 10, 100_000);
                    break;
                case "--shares":
                    options.Shares = Int(args, ref i, 1, 16);
                    if (!System.Numerics.BitOperations.IsPow2(options.Shares))
                    {
                        throw new UsageException($"count: --shares must be 1, 2, 4, 8 or 16, not {options.Shares}");
                    }
                    break;
                case "--no-script":
                    options.NoScript = true;
                    break;
                case "--watch":
                    options.Watch = Duration(args, ref i);
                    break;
                default:
                    throw new UsageException($"count: unknown option '{arg}'. {Usage}");
            }
        }
        if (options.Help)
        {
            return options;
        }
        if (options.Redis.Count == 0)
        {
            throw new UsageException($"count: --redis HOST:PORT is required. {Usage}");
        }
        if (options.Prefixes.Count == 0)
        {
            if (options.Layout is null)
            {
                throw new UsageException($"count: at least one --prefix (or a --layout) is required. {Usage}");
            }
            options.Prefixes.AddRange(options.Layout.Prefixes);
        }
        foreach (var glob in options.Exclusions)
        {
            try
            {
                SessionKeyRules.Create(options.Prefixes, [glob], 0);
            }
            catch (ArgumentException e)
            {
                throw new UsageException($"count: --exclude '{glob}' {e.Message}");
            }
        }
        return options;
    }

    /// <summary>What one session is for this count: the prefixes, the layout's and the given exclusions, the id shape.</summary>
    public SessionKeyRules Rules() =>
        SessionKeyRules.Create(Prefixes, [.. Layout?.Exclusions ?? [], .. Exclusions], Layout?.IdLength ?? 0);

    private static string Value(string[] args, ref int i)
    {
        if (i + 1 >= args.Length)
        {
            throw new UsageException($"count: {args[i]} needs a value. {Usage}");
        }
        return args[++i];
    }

    private static int Int(string[] args, ref int i, int min, int max)
    {
        var name = args[i];
        var text = Value(args, ref i);
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new UsageException($"count: {name} must be a whole number from {min} to {max} (was '{text}')");
        }
        return value;
    }

    // "30s", "2m", "500ms" or plain seconds.
    private static TimeSpan Duration(string[] args, ref int i)
    {
        var name = args[i];
        var text = Value(args, ref i);
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : (text, 1.0);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0 || value * unit > 86_400)
        {
            throw new UsageException($"count: {name} must be a duration such as 30s, 2m or 500ms (was '{text}')");
        }
        return TimeSpan.FromSeconds(value * unit);
    }
}
