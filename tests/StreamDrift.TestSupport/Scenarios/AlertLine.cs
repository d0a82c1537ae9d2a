namespace StreamDrift.TestSupport.Scenarios;

/// <summary>The fields of one <c>"type":"alert"</c> line of the JSON-lines sink that scenarios judge.</summary>
public sealed record AlertLine(string AlertId, string Transition, string Cause, double Confidence, DateTimeOffset At, string Reading = "");
