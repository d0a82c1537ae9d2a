using StreamDrift.Core.Detection;
using StreamDrift.TrafficSim;

// Usage: StreamDrift.TrafficSim [--seeds N] [--healthy-days N] [--out FILE] [--fault F] [--phase P] [--sensitivity S] [--verbose]
var seeds = 10;
var healthyDays = 32.0;
string? output = null;
var verbose = false;
var faults = Enum.GetValues<SimFault>().Where(f => f != SimFault.None).ToList();
var phases = Enum.GetValues<DayPhase>().ToList();
var sensitivities = Enum.GetValues<Sensitivity>().ToList();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--seeds": seeds = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--healthy-days": healthyDays = double.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--out": output = args[++i]; break;
        case "--fault": faults = [Enum.Parse<SimFault>(args[++i], true)]; break;
        case "--phase": phases = [Enum.Parse<DayPhase>(args[++i], true)]; break;
        case "--sensitivity": sensitivities = [Enum.Parse<Sensitivity>(args[++i], true)]; break;
        case "--verbose": verbose = true; break;
        default:
            Console.Error.WriteLine($"traffic-sim: unknown argument '{args[i]}'");
            return 2;
    }
}

var watch = System.Diagnostics.Stopwatch.StartNew();
var sweep = Sweep.Run(faults, phases, sensitivities, seeds, healthyDays);
var report = ReportWriter.Write(sweep, seeds, healthyDays, watch.Elapsed);
if (verbose)
{
    foreach (var r in sweep.Where(r => r.Spec.Fault != SimFault.None && r.FirstCause != r.Spec.Fault.Expected()))
    {
        Console.Error.WriteLine($"MISS {r.Spec} -> {r.FirstCause?.ToString() ?? "none"} ttl={r.Profile.SessionTtl.TotalMinutes}m A={r.Profile.ActiveWindowSeconds}s material={r.MaterialAt:HH:mm} first={r.FirstAlertAt:HH:mm}\n    {r.FirstReading}");
    }

    // Runs named right but later than the issue's target (3 windows from material): where the latency goes.
    foreach (var r in sweep.Where(r => r.Spec.Fault != SimFault.None && r.FirstCause == r.Spec.Fault.Expected() && r.LatencyWindows > 3))
    {
        Console.Error.WriteLine($"SLOW {r.Spec.Fault} {r.Spec.Phase} seed={r.Spec.Seed} {r.Spec.Sensitivity}: {r.LatencyWindows} windows ttl={r.Profile.SessionTtl.TotalMinutes}m A={r.Profile.ActiveWindowSeconds}s fault={r.FaultAt:HH:mm:ss} material={r.MaterialAt:HH:mm:ss} first={r.FirstAlertAt:HH:mm}");
    }

    foreach (var r in sweep.Where(r => r.FalseAlerts > 0))
    {
        foreach (var note in r.FalseAlertNotes)
        {
            Console.Error.WriteLine($"FALSE {r.Spec}: {note}");
        }
    }
}

if (output is null)
{
    Console.Write(report);
}
else
{
    File.WriteAllText(output, report);
}

return 0;
