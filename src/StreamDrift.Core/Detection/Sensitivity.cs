namespace StreamDrift.Core.Detection;

/// <summary>How readily the detector calls drift material. See <see cref="DetectorOptions.For(Sensitivity)"/>.</summary>
public enum Sensitivity
{
    /// <summary>Only large, long drifts alert: noisy stores, or teams that want few pages.</summary>
    Low,
    /// <summary>The default.</summary>
    Medium,
    /// <summary>Smaller and shorter drifts alert: stable stores where a lost session matters.</summary>
    High,
}
