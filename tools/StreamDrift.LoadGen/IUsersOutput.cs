using StreamDrift.Core.Samples;

namespace StreamDrift.LoadGen;

/// <summary>Where the simulated connector's active-user samples go: one of StreamDrift's sources.</summary>
internal interface IUsersOutput : IAsyncDisposable
{
    /// <summary>Called on the simulator's loop for every report: must not block for long.</summary>
    void Write(ActiveUsersSample sample);
}
