namespace StreamDrift.TrafficSim;

/// <summary>Where in the daily curve a fault is injected, as hours of the day it is drawn from.</summary>
internal enum DayPhase
{
    /// <summary>Morning ramp, 07:00-10:00.</summary>
    Rising,
    /// <summary>Evening peak, 19:00-21:00.</summary>
    Peak,
    /// <summary>Evening decline, 21:30-23:30.</summary>
    Falling,
    /// <summary>Quiet night, 02:00-05:00.</summary>
    Night,
}

internal static class DayPhases
{
    public static (double FromHour, double ToHour) Hours(this DayPhase phase) => phase switch
    {
        DayPhase.Rising => (7, 10),
        DayPhase.Peak => (19, 21),
        DayPhase.Falling => (21.5, 23.5),
        _ => (2, 5),
    };
}
