namespace StreamDrift.Redis.Scanning;

/// <summary>How a server's SCAN pages are taken.</summary>
public enum ScanMode
{
    /// <summary>Not decided yet: the first page tries the script.</summary>
    Undecided,

    /// <summary>A Lua script runs one SCAN page on the server and returns only the cursor, the number of matches and a sample.</summary>
    Script,

    /// <summary>Plain SCAN: every matched key name crosses the wire (scripting refused, or Redis older than 7.0).</summary>
    Plain,
}
