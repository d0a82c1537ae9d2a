namespace StreamDrift.Cli;

/// <summary>A bad flag or setting: reported as one line, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
