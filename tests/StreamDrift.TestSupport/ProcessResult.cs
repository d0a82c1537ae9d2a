namespace StreamDrift.TestSupport;

/// <summary>How a run of the executable ended and what it printed.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError);
