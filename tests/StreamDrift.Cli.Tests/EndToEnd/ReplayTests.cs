using StreamDrift.TestSupport;

namespace StreamDrift.Cli.Tests.EndToEnd;

/// <summary><c>streamdrift replay</c> on recordings committed with the tests (written by <c>run --record</c>).</summary>
public class ReplayTests
{
    // 90 s of a storefront whose shared instance hit maxmemory under allkeys-lru after 45 s, recorded live
    // with 2 s windows (run --record against the load generator's EvictionStorm@45-70).
    private static readonly string Recording = Recorded("eviction-storm.jsonl");

    // RunEndToEndTests' eviction storm, recorded live (run --record, 1 s windows), then edited so that in the window
    // the alert opens on the shop's writes stall, and with them the cache writes that evict: no session write, no
    // eviction in that second (its snapshots keep the tallies of the second before; later tallies lose the events
    // removed). CI once saw this under load: read alone, that window is a write collapse while the cache grew, i.e.
    // a changed prefix.
    private static readonly string StalledStorm = Recorded("eviction-storm-stalled-window.jsonl");

    [Fact]
    public async Task Replay_OfACommittedRecording_IsByteIdenticalTwice_AndNamesTheEviction()
    {
        string[] judging = ["--window", "2s", "--grace", "2s", "--session-ttl", "30s"];

        var (a, first) = await ReplayAsync(Recording, judging);
        var (b, second) = await ReplayAsync(Recording, judging);

        Assert.Equal(0, a.ExitCode);
        Assert.Equal(0, b.ExitCode);
        Assert.True(first.Sum(l => l.Length) > 1000);
        Assert.Equal(first, second);
        Assert.Contains(first, l => l.Contains("\"transition\":\"OPENED\"", StringComparison.Ordinal) && l.Contains("\"cause\":\"SESSIONS_EVICTED\"", StringComparison.Ordinal));
        Assert.Contains(first, l => l.Contains("\"transition\":\"RESOLVED\"", StringComparison.Ordinal));
        // Opened, updated once when the storm ends (memory no longer at maxmemory: the evictions since the store
        // was healthy still explain the missing keys, with less confidence), resolved: all three name the eviction.
        Assert.Contains("windows, 3 alert transitions", a.StandardError, StringComparison.Ordinal);
        Assert.All(first.Where(l => l.Contains("\"type\":\"alert\"", StringComparison.Ordinal)), l => Assert.Contains("\"cause\":\"SESSIONS_EVICTED\"", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Replay_OfAnEvictionStormWhoseWritesStallAsTheAlertOpens_NamesTheEviction_FromTheEvictionsSinceTheStoreWasHealthy()
    {
        var (run, lines) = await ReplayAsync(StalledStorm, ["--window", "1s", "--grace", "2s", "--session-ttl", "30s"]);

        Assert.Equal(0, run.ExitCode);
        var opened = lines.First(l => l.Contains("\"transition\":\"OPENED\"", StringComparison.Ordinal));
        Assert.Contains("\"cause\":\"SESSIONS_EVICTED\"", opened, StringComparison.Ordinal);
        Assert.Contains("\"evicted_events_in_window\":0,", opened, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_WithAMissingInput_PrintsOneLineAndExits2()
    {
        var result = await StreamDriftExecutable.RunAsync(["replay", "--input", "/nonexistent/recording.jsonl"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("streamdrift: input file '/nonexistent/recording.jsonl' not found" + Environment.NewLine, result.StandardError);
    }

    private static string Recorded(string name) => Path.Combine(AppContext.BaseDirectory, "EndToEnd", "Recordings", name);

    /// <summary>Replays a recording with the given judging settings; returns how the process ended and the lines it wrote.</summary>
    private static async Task<(ProcessResult Run, string[] Lines)> ReplayAsync(string recording, string[] judging)
    {
        var dir = Directory.CreateTempSubdirectory("streamdrift-replay-");
        try
        {
            var output = Path.Combine(dir.FullName, "out.jsonl");
            var run = await StreamDriftExecutable.RunAsync(["replay", "--input", recording, "--output", output, .. judging]);
            return (run, File.Exists(output) ? await File.ReadAllLinesAsync(output) : []);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
