using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace StreamDrift.Connectors.File;

/// <summary>
/// Reads <see cref="FileStamp"/>s. On Linux through statx(2), whose result layout the kernel ABI fixes for
/// every architecture (unlike struct stat): .NET exposes neither device nor inode, and without them a file
/// replaced by a rename cannot be told from the one it replaced when both have the same size.
/// </summary>
internal static partial class FileStamps
{
    private const int AtFdCwd = -100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxBasicStats = 0x7ff;
    private const int StatxSize = 256;

    // Offsets in struct statx (include/uapi/linux/stat.h); the fields are in the machine's byte order.
    private const int InodeOffset = 32;
    private const int SizeOffset = 40;
    private const int MtimeOffset = 112;
    private const int DevMajorOffset = 136;
    private const int DevMinorOffset = 140;

    /// <summary>True off Linux, or once statx turned out to be missing (no libc, or one older than glibc 2.28).</summary>
    private static volatile bool s_noStatx = !OperatingSystem.IsLinux();

    /// <summary>The stamp of the file <paramref name="path"/> names now (symbolic links followed, as tail -F does); false when there is none.</summary>
    public static bool TryOfPath(string path, out FileStamp stamp)
    {
        if (!s_noStatx)
        {
            Span<byte> buffer = stackalloc byte[StatxSize];
            try
            {
                var found = Statx(AtFdCwd, path, 0, StatxBasicStats, buffer) == 0;
                stamp = found ? Parse(buffer) : default;
                return found;
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                s_noStatx = true;
            }
        }

        var info = new FileInfo(path);
        stamp = info.Exists ? new FileStamp(0, 0, info.Length, info.LastWriteTimeUtc.Ticks, HasIdentity: false) : default;
        return info.Exists;
    }

    /// <summary>The stamp of the file an open handle reads, wherever its name has gone since.</summary>
    public static FileStamp OfHandle(SafeFileHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (!s_noStatx)
        {
            Span<byte> buffer = stackalloc byte[StatxSize];
            var added = false;
            try
            {
                handle.DangerousAddRef(ref added);
                if (Statx((int)handle.DangerousGetHandle(), string.Empty, AtEmptyPath, StatxBasicStats, buffer) == 0)
                {
                    return Parse(buffer);
                }
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                s_noStatx = true;
            }
            finally
            {
                if (added)
                {
                    handle.DangerousRelease();
                }
            }
        }

        return new FileStamp(0, 0, RandomAccess.GetLength(handle), System.IO.File.GetLastWriteTimeUtc(handle).Ticks, HasIdentity: false);
    }

    private static FileStamp Parse(ReadOnlySpan<byte> statx)
    {
        var seconds = MemoryMarshal.Read<long>(statx[MtimeOffset..]);
        var nanoseconds = MemoryMarshal.Read<uint>(statx[(MtimeOffset + 8)..]);
        var device = ((ulong)MemoryMarshal.Read<uint>(statx[DevMajorOffset..]) << 32) | MemoryMarshal.Read<uint>(statx[DevMinorOffset..]);
        return new FileStamp(
            device,
            MemoryMarshal.Read<ulong>(statx[InodeOffset..]),
            (long)MemoryMarshal.Read<ulong>(statx[SizeOffset..]),
            (seconds * TimeSpan.TicksPerSecond) + (nanoseconds / 100),
            HasIdentity: true);
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, Span<byte> buffer);
}
