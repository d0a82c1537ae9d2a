using StreamDrift.Redis.Local;

namespace StreamDrift.TestSupport;

/// <summary>A loopback TCP port nobody listens on right now (the launcher's probe, for the other fixtures).</summary>
public static class FreePort
{
    public static int Next() => LocalRedisServer.FreeLoopbackPort();
}
