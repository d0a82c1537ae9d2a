namespace StreamDrift.Core.Detection;

/// <summary>The detector's judgement of one store. Symbols match the Avro enum <c>DriftState</c>.</summary>
public enum DriftState
{
    /// <summary>Drift within the store's own baseline.</summary>
    Normal,
    /// <summary>Far from the baseline, not yet for long enough to alert.</summary>
    Material,
    /// <summary>Material for the required number of consecutive windows: an alert is open.</summary>
    Alerting,
    /// <summary>No fresh connector samples: drift unknown, not zero.</summary>
    Stale,
}
