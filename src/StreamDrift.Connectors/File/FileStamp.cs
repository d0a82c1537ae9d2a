namespace StreamDrift.Connectors.File;

/// <summary>
/// What tail -F compares between polls: which file a name or an open handle is (device and inode), how long
/// it is and when it was last written. <see cref="HasIdentity"/> is false where the platform does not give
/// device and inode; the follower then relies on length, modification time and content alone.
/// </summary>
internal readonly record struct FileStamp(ulong Device, ulong Inode, long Length, long ModifiedTicks, bool HasIdentity)
{
    /// <summary>True when both stamps name the same file (unknown identity counts as the same).</summary>
    public bool IsSameFileAs(FileStamp other) =>
        !HasIdentity || !other.HasIdentity || (Device == other.Device && Inode == other.Inode);
}
