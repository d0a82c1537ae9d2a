namespace StreamDrift.Scenarios.Tests.Ramp;

/// <summary>One judged window of a ramp run, as the JSON-lines sink wrote it.</summary>
internal sealed record RampWindow(DateTimeOffset Start, double? SessionKeys, double? ActiveUsers, string State, string Cause);
