namespace StreamDrift.Scenarios.Tests.Ramp;

/// <summary>One alert lifecycle line of a ramp run.</summary>
internal sealed record RampAlert(string Transition, string Cause, DateTimeOffset At, string Reading);
