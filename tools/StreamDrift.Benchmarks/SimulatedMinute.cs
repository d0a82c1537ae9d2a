using StreamDrift.Core.Samples;
using StreamDrift.Core.Signals;

namespace StreamDrift.Benchmarks;

/// <summary>
/// The input of one simulated minute for many stores, built before it is measured: per second and store,
/// one Redis snapshot and one active-users sample (the load: one sample per store per second).
/// The records are the producers' allocations, not the processor's, so they are made outside the measurement.
/// </summary>
internal sealed class SimulatedMinute
{
    public SimulatedMinute(string[] stores, DateTimeOffset start)
    {
        Start = start;
        Snapshots = new StoreSnapshot[60][];
        Samples = new ActiveUsersSample[60][];
        for (var s = 0; s < 60; s++)
        {
            var at = start.AddSeconds(s);
            Snapshots[s] = new StoreSnapshot[stores.Length];
            Samples[s] = new ActiveUsersSample[stores.Length];
            for (var i = 0; i < stores.Length; i++)
            {
                var users = 500 + (i % 5000) + (s % 7);
                // Keys 3 % under users with a little deterministic wobble: a healthy store.
                var keys = (long)(users * (0.97 + (((i * 31) + s) % 11 * 0.001)));
                Snapshots[s][i] = new StoreSnapshot { StoreId = stores[i], At = at, SessionKeys = keys, Events = new SessionEventCounts(New: s, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) };
                Samples[s][i] = new ActiveUsersSample(stores[i], "bench", users, 300, at.AddMilliseconds(500), 3);
            }
        }
    }

    public DateTimeOffset Start { get; }

    public StoreSnapshot[][] Snapshots { get; }

    public ActiveUsersSample[][] Samples { get; }
}
