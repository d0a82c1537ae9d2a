namespace StreamDrift.Cli.Configuration;

/// <summary>
/// One accepted flag of a command. <see cref="ConfigKey"/> is the configuration key it sets (null when the
/// command reads it directly); repeatable flags fill a list (<c>Key:0</c>, <c>Key:1</c>, ...).
/// </summary>
internal sealed record FlagSpec(string Name, string? ConfigKey, string Help, bool Repeatable = false, bool IsSwitch = false);
