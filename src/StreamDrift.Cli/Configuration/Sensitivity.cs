namespace StreamDrift.Cli.Configuration;

/// <summary>How readily the detector calls a drift material. Maps onto the detector's presets.</summary>
internal enum Sensitivity
{
    Low,
    Medium,
    High,
}
