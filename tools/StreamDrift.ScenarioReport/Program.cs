using System.Collections.Concurrent;
using System.Globalization;
using StreamDrift.ScenarioReport;
using StreamDrift.Storefront;
using StreamDrift.TestSupport.Scenarios;

// streamdrift-scenario-report [--seeds N] [--healthy-runs N] [--healthy-windows N] [--parallel N] [--out PATH] [--fault NAME ...]
// Runs every fault scenario with seeds 1..N and the healthy baseline, then writes the markdown report.
var seeds = 3;
var healthyRuns = 2;
var healthyWindows = 250;
var parallel = 2;
var output = "tools/scenario-report.md";
var faults = new List<Fault>();
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    int Int() => int.Parse(Next(), CultureInfo.InvariantCulture);
    switch (args[i])
    {
        case "--seeds": seeds = Int(); break;
        case "--healthy-runs": healthyRuns = Int(); break;
        case "--healthy-windows": healthyWindows = Int(); break;
        case "--parallel": parallel = Int(); break;
        case "--out": output = Next(); break;
        case "--fault": faults.Add(Enum.Parse<Fault>(Next(), ignoreCase: true)); break;
        default: Console.Error.WriteLine($"unknown flag {args[i]}"); return 2;
    }
}
if (faults.Count == 0)
{
    faults = [.. Enum.GetValues<Fault>().Where(f => f != Fault.None)];
}

// Longest first, so the healthy runs overlap the fault runs instead of trailing them.
var specs = Enumerable.Range(1, healthyRuns).Select(s => ScenarioSpec.Healthy(100 + s, healthyWindows))
    .Concat(faults.SelectMany(f => Enumerable.Range(1, seeds).Select(s => ScenarioSpec.ForFault(f, s))))
    .ToList();
var results = new ConcurrentBag<ScenarioResult>();
var failures = new ConcurrentBag<string>();
var started = DateTime.UtcNow;
await Parallel.ForEachAsync(specs, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (spec, ct) =>
{
    try
    {
        var result = await ScenarioRunner.RunAsync(spec, ct).ConfigureAwait(false);
        results.Add(result);
        Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {spec.Name}: {RunRow.Of(result).Summary}");
    }
    catch (Exception e) when (e is TimeoutException or InvalidOperationException or IOException)
    {
        failures.Add($"{spec.Name}: {e.Message.Split('\n')[0]}");
        Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {spec.Name}: FAILED {e.Message.Split('\n')[0]}");
    }
}).ConfigureAwait(false);

var markdown = ReportWriter.Write([.. results], [.. failures], DateTime.UtcNow - started, parallel);
await File.WriteAllTextAsync(output, markdown).ConfigureAwait(false);
Console.WriteLine($"wrote {output}");
return failures.IsEmpty ? 0 : 1;
