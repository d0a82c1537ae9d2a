using System.Collections.Concurrent;
using StreamDrift.Core.Detection;

namespace StreamDrift.TrafficSim;

/// <summary>Every fault in every phase with several seeds, per sensitivity, plus long healthy stretches.</summary>
internal static class Sweep
{
    /// <summary>Healthy stretches run in pieces of this many days (each its own store and seed).</summary>
    public const double HealthyPieceDays = 8;

    public static IReadOnlyList<SimRunResult> Run(IReadOnlyList<SimFault> faults, IReadOnlyList<DayPhase> phases, IReadOnlyList<Sensitivity> sensitivities, int seeds, double healthyDays)
    {
        var specs = new List<SimRunSpec>();
        foreach (var sensitivity in sensitivities)
        {
            var pieces = (int)Math.Ceiling(healthyDays / HealthyPieceDays);
            for (var piece = 0; piece < pieces; piece++)
            {
                specs.Add(new SimRunSpec(1000 + piece, SimFault.None, DayPhase.Rising, sensitivity, Math.Min(HealthyPieceDays, healthyDays - (piece * HealthyPieceDays))));
            }

            foreach (var fault in faults)
            {
                foreach (var phase in phases)
                {
                    for (var seed = 1; seed <= seeds; seed++)
                    {
                        specs.Add(new SimRunSpec(seed, fault, phase, sensitivity));
                    }
                }
            }
        }

        var results = new ConcurrentBag<SimRunResult>();
        Parallel.ForEach(specs, new ParallelOptions { MaxDegreeOfParallelism = 2 }, spec => results.Add(SimRun.Execute(spec)));
        return [.. results.OrderBy(r => r.Spec.Sensitivity).ThenBy(r => r.Spec.Fault).ThenBy(r => r.Spec.Phase).ThenBy(r => r.Spec.Seed)];
    }
}
