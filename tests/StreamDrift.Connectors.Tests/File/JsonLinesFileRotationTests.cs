using System.Reactive.Concurrency;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StreamDrift.Connectors.File;
using StreamDrift.Core.Samples;

namespace StreamDrift.Connectors.Tests.File;

/// <summary>
/// The file source follows the name as tail -F does (issue 16: a copy-rotate to a longer file was read 16 of
/// 40 lines; a one-line snapshot rewritten atomically six times at the same size was read once).
/// Real files in a directory of their own; polls driven by virtual time, one poll per step.
/// </summary>
public sealed class JsonLinesFileRotationTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 11, 2, 10, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("streamdrift-rotation-").FullName;
    private readonly HistoricalScheduler _scheduler = new(At);
    private readonly RejectionCounters _rejections = new();
    private readonly List<ActiveUsersSample> _samples = [];

    private string PathOf(string name) => System.IO.Path.Combine(_directory, name);

    private string UsersFile => PathOf("users.jsonl");

    [Fact]
    public void CopiedOverByALongerFile_EveryLineOfBothIsRead()
    {
        System.IO.File.WriteAllText(UsersFile, Lines("old", 16));
        using var subscription = Follow();
        Step();
        Assert.Equal(16, _samples.Count);

        // cp longer.jsonl users.jsonl: the same file (inode) truncated and written longer between two polls.
        System.IO.File.WriteAllText(UsersFile, Lines("new", 40));
        Step();

        Assert.Equal(56, _samples.Count);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"new-{i}"), _samples.Skip(16).Select(s => s.Connector));
        Assert.Equal(0, _rejections.Total);
    }

    [Fact]
    public void RotatedByRename_TheOldFileIsReadToItsEnd_ThenTheNewOneFromItsStart()
    {
        System.IO.File.WriteAllText(UsersFile, Lines("old", 3));
        using var subscription = Follow();
        Step();

        // Lines written just before the rotation, then mv users.jsonl users.jsonl.1 and a new, longer users.jsonl.
        System.IO.File.AppendAllText(UsersFile, Lines("late", 2));
        System.IO.File.Move(UsersFile, PathOf("users.jsonl.1"));
        System.IO.File.WriteAllText(UsersFile, Lines("new", 40));
        Step();

        Assert.Equal(45, _samples.Count);
        Assert.Equal(["late-0", "late-1"], _samples.Skip(3).Take(2).Select(s => s.Connector));
        Assert.Equal(0, _rejections.Total);
    }

    [Fact]
    public void OneLineSnapshotReplacedAtomicallySixTimesAtTheSameSize_IsReadSixTimes()
    {
        using var subscription = Follow();
        var sizes = new HashSet<long>();
        for (var i = 0; i < 6; i++)
        {
            // Write a temporary file and rename it over the snapshot, as writers of snapshot files do.
            var temporary = PathOf($"users.tmp{i}");
            System.IO.File.WriteAllText(temporary, Line("snapshot", i, users: 100 + i));
            System.IO.File.Move(temporary, UsersFile, overwrite: true);
            sizes.Add(new FileInfo(UsersFile).Length);
            Step();
        }

        Assert.Single(sizes);
        Assert.Equal([100, 101, 102, 103, 104, 105], _samples.Select(s => s.ActiveUsers));
    }

    [Fact]
    public void ReplacedByAnIdenticalCopyWithTheSameModificationTime_IsToldApartByItsInode()
    {
        var written = At.UtcDateTime.AddMinutes(-5);
        System.IO.File.WriteAllText(UsersFile, Line("snapshot", 0));
        System.IO.File.SetLastWriteTimeUtc(UsersFile, written);
        using var subscription = Follow();
        Step();

        var copy = PathOf("users.tmp");
        System.IO.File.Copy(UsersFile, copy);
        System.IO.File.SetLastWriteTimeUtc(copy, written);
        System.IO.File.Move(copy, UsersFile, overwrite: true);
        Step();

        Assert.True(OperatingSystem.IsLinux(), "device and inode are read on Linux only");
        Assert.Equal(2, _samples.Count);
    }

    [Fact]
    public void OneLineSnapshotRewrittenInPlaceAtTheSameSize_IsReadEachTime()
    {
        using var subscription = Follow();
        for (var i = 0; i < 6; i++)
        {
            // Truncate and write the same file: same inode, same length, new content and modification time.
            System.IO.File.WriteAllText(UsersFile, Line("snapshot", i, users: 200 + i));
            System.IO.File.SetLastWriteTimeUtc(UsersFile, At.UtcDateTime.AddSeconds(i));
            Step();
        }

        Assert.Equal([200, 201, 202, 203, 204, 205], _samples.Select(s => s.ActiveUsers));
    }

    [Fact]
    public void AppendsAfterARewrite_AreReadOnce()
    {
        System.IO.File.WriteAllText(UsersFile, Lines("a", 2));
        using var subscription = Follow();
        Step();
        System.IO.File.WriteAllText(UsersFile, Lines("b", 1));
        Step();
        System.IO.File.AppendAllText(UsersFile, Line("c", 0));
        Step();
        Step();

        Assert.Equal(["a-0", "a-1", "b-0", "c-0"], _samples.Select(s => s.Connector));
    }

    [Fact]
    public void FileMissingAtStart_IsReadFromItsStartWhenItAppears_EvenWhenNotFollowingFromStart()
    {
        using var subscription = Follow(fromStart: false);
        Step();
        System.IO.File.WriteAllText(UsersFile, Lines("first", 2));
        Step();

        Assert.Equal(2, _samples.Count);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private IDisposable Follow(bool fromStart = true) => new JsonLinesFileSource(
        new JsonLinesFileSourceOptions { Path = UsersFile, FromStart = fromStart },
        _rejections,
        NullLogger<JsonLinesFileSource>.Instance,
        _scheduler,
        new FakeTimeProvider(_scheduler.Now)).Observe().Subscribe(_samples.Add);

    private void Step() => _scheduler.AdvanceBy(TimeSpan.FromSeconds(1));

    /// <summary>Lines with connector names <c>tag-0</c> ... and distinct event times (no duplicates), all the same length per count.</summary>
    private static string Lines(string tag, int count) => string.Concat(Enumerable.Range(0, count).Select(i => Line(tag, i)));

    private static string Line(string tag, int index, long users = 100) =>
        Encoding.UTF8.GetString(ActiveUsersSampleJson.Serialize(new ActiveUsersSample("s1", $"{tag}-{index}", users, 300, At.AddSeconds(index)))) + "\n";
}
