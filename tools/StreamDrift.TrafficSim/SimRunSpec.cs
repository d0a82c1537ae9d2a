using StreamDrift.Core.Detection;

namespace StreamDrift.TrafficSim;

/// <summary>One simulated run: a store drawn from <see cref="Seed"/>, a fault in a phase (or a healthy stretch of <see cref="HealthyDays"/>).</summary>
internal sealed record SimRunSpec(int Seed, SimFault Fault, DayPhase Phase, Sensitivity Sensitivity, double HealthyDays = 0)
{
    /// <summary>Simulated time before the fault: the detector learns from real traffic, not a flat start.</summary>
    public static readonly TimeSpan Warmup = TimeSpan.FromHours(6);

    /// <summary>Simulated time after the fault.</summary>
    public static readonly TimeSpan After = TimeSpan.FromHours(2);

    public static readonly TimeSpan Window = TimeSpan.FromSeconds(60);
}
