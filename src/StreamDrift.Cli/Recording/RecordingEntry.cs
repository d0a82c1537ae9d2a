using StreamDrift.Core.Samples;
using StreamDrift.Core.Signals;

namespace StreamDrift.Cli.Recording;

/// <summary>One line of a replay recording: either a store snapshot or an active-users sample.</summary>
internal sealed record RecordingEntry
{
    public const string SnapshotType = "snapshot";
    public const string UsersType = "users";

    private RecordingEntry(StoreSnapshot? snapshot, ActiveUsersSample? users)
    {
        Snapshot = snapshot;
        Users = users;
    }

    public StoreSnapshot? Snapshot { get; }

    public ActiveUsersSample? Users { get; }

    public string Type => Snapshot is not null ? SnapshotType : UsersType;

    public string StoreId => Snapshot?.StoreId ?? Users!.StoreId;

    /// <summary>The snapshot's <c>at</c> or the sample's <c>observedAt</c>: the order of the file.</summary>
    public DateTimeOffset EventTime => Snapshot?.At ?? Users!.ObservedAt;

    public static RecordingEntry Of(StoreSnapshot snapshot) => new(snapshot ?? throw new ArgumentNullException(nameof(snapshot)), null);

    public static RecordingEntry Of(ActiveUsersSample users) => new(null, users ?? throw new ArgumentNullException(nameof(users)));
}
