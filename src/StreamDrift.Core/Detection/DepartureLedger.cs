namespace StreamDrift.Core.Detection;

/// <summary>
/// Shoppers who left the connector's "active" set, per window, over the last session TTL, in constant
/// memory: at most <see cref="MaxSlots"/> slots, each summing a fixed number of consecutive windows
/// (one window per slot while the TTL spans at most that many windows, 30 min of 60 s windows needs 30).
/// Lingering keys are the departures of the last (TTL - active window) seconds, so the ledger must reach
/// back one TTL and no further.
/// </summary>
internal sealed class DepartureLedger
{
    /// <summary>128 doubles (1 KiB) per store whatever the TTL and window size.</summary>
    public const int MaxSlots = 128;

    private readonly double[] _slots;
    private readonly int[] _unknown;
    private readonly int _windowsPerSlot;
    private int _current = -1;
    private int _inCurrent;

    /// <param name="reachWindows">How many windows back the ledger must reach (the session TTL in windows, rounded up).</param>
    public DepartureLedger(int reachWindows)
    {
        var reach = Math.Max(1, reachWindows);
        _windowsPerSlot = (reach + MaxSlots - 1) / MaxSlots;
        _slots = new double[Math.Min(MaxSlots, reach) + 1];
        _unknown = new int[_slots.Length];
    }

    /// <summary>Windows recorded so far, capped at what the ledger holds.</summary>
    public long KnownWindows { get; private set; }

    /// <summary>Records one window's departures (at least zero; NaN when unknown: it counts the steady-state guess).</summary>
    public void Add(double departures)
    {
        if (_current < 0 || _inCurrent == _windowsPerSlot)
        {
            _current = (_current + 1) % _slots.Length;
            _slots[_current] = 0;
            _unknown[_current] = 0;
            _inCurrent = 0;
        }

        if (double.IsNaN(departures))
        {
            _unknown[_current]++;
        }
        else
        {
            _slots[_current] += Math.Max(0, departures);
        }

        _inCurrent++;
        KnownWindows = Math.Min(KnownWindows + 1, (long)(_slots.Length - 1) * _windowsPerSlot + _inCurrent);
    }

    /// <summary>
    /// Departures over the last <paramref name="windows"/> windows (fractional: part of the oldest one);
    /// windows before the first recorded one, and windows recorded unknown, count <paramref name="unknownPerWindow"/>
    /// each (a steady-state guess).
    /// </summary>
    public double SumLast(double windows, double unknownPerWindow)
    {
        var remaining = windows;
        var sum = 0.0;
        var slot = _current;
        var inSlot = _inCurrent;
        var known = KnownWindows;
        while (remaining > 0 && known > 0 && slot >= 0)
        {
            var take = Math.Min(remaining, inSlot);
            sum += (_slots[slot] + (_unknown[slot] * unknownPerWindow)) * (take / inSlot);
            remaining -= take;
            known -= inSlot;
            slot = (slot - 1 + _slots.Length) % _slots.Length;
            inSlot = (int)Math.Min(_windowsPerSlot, Math.Max(known, 0));
            if (inSlot == 0)
            {
                break;
            }
        }

        return sum + (Math.Max(remaining, 0) * unknownPerWindow);
    }
}
