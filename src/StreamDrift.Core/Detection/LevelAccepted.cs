namespace StreamDrift.Core.Detection;

/// <summary>Why a window's level became the store's new baseline, closing an open alert.</summary>
public enum LevelAccepted
{
    /// <summary>Nothing was accepted.</summary>
    None,
    /// <summary>The drift held one level for the re-learning horizon (<see cref="DetectorOptions.RelearnWindows"/>).</summary>
    Relearned,
    /// <summary>An operator accepted the current level as the store's new normal.</summary>
    Operator,
}
