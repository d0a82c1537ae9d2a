using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;
using StreamDrift.Connectors.Json;
using StreamDrift.Core.Samples;

namespace StreamDrift.Connectors.File;

/// <summary>
/// Follows one file by name as tail -F does (one subscription's state). The open handle is kept between polls,
/// so a file renamed away is still read to its end, and its inode cannot be reused by the file that replaces it.
/// Each poll: a file shorter than the read position was truncated; a file whose first bytes or last bytes before
/// the read position changed, or whose modification time changed at the same length, was rewritten in place;
/// both are read again from the start. Then, when the name points at another file (rotation, an atomic replace), the
/// old file's last line is taken as it is and the new file is read from its start.
/// </summary>
internal sealed partial class FileFollower(JsonLinesFileSourceOptions options, JsonSampleDecoder decoder, ILogger logger) : IDisposable
{
    /// <summary>
    /// How many bytes at the start of the file and before the read position are compared to tell an append from
    /// a rewrite (a file copied over by another one rarely agrees with it in both its first and its last line).
    /// </summary>
    private const int HeadBytes = 1024;
    private const int TailBytes = 64;

    private readonly LineSplitter _lines = new(options.MaxLineBytes, decoder);
    private readonly byte[] _chunk = new byte[64 * 1024];
    private readonly byte[] _head = new byte[HeadBytes];
    private readonly byte[] _tail = new byte[TailBytes];
    private readonly byte[] _check = new byte[HeadBytes];
    private readonly Lock _gate = new();
    private SafeFileHandle? _file;
    private FileStamp _stamp;
    private long _position;
    private int _headLength;
    private int _tailLength;
    private bool _firstPoll = true;
    private bool _reportedMissing;
    private bool _disposed;

    public void Poll(Action<ActiveUsersSample> emit)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            try
            {
                if (_file is null && !TryOpen())
                {
                    return;
                }

                ReadToEnd(emit);
                if (FileStamps.TryOfPath(options.Path, out var named) && !named.IsSameFileAs(_stamp))
                {
                    LogReplaced(logger, options.Path);
                    _lines.Flush(emit);
                    Close();
                    if (TryOpen())
                    {
                        ReadToEnd(emit);
                    }
                }
            }
            finally
            {
                _firstPoll = false;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            Close();
        }
    }

    private bool TryOpen()
    {
        try
        {
            _file = System.IO.File.OpenHandle(options.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            if (!_reportedMissing)
            {
                LogMissing(logger, options.Path);
                _reportedMissing = true;
            }

            return false;
        }

        _reportedMissing = false;
        _stamp = FileStamps.OfHandle(_file);
        // Starting at the end skips only what the file held when following began; a file created later is all new.
        _position = _firstPoll && !options.FromStart ? _stamp.Length : 0;
        _headLength = ReadAt(0, (int)Math.Min(_position, HeadBytes), _head);
        _tailLength = ReadAt(_position - Math.Min(_position, TailBytes), (int)Math.Min(_position, TailBytes), _tail);
        return true;
    }

    private void ReadToEnd(Action<ActiveUsersSample> emit)
    {
        var file = _file!;
        var now = FileStamps.OfHandle(file);
        if (now.Length < _position)
        {
            LogTruncated(logger, options.Path, _position, now.Length);
            Restart();
        }
        else if (_position > 0 && (ContentChanged() || (now.Length == _position && now.ModifiedTicks != _stamp.ModifiedTicks)))
        {
            LogRewritten(logger, options.Path);
            Restart();
        }

        int read;
        while ((read = RandomAccess.Read(file, _chunk, _position)) > 0)
        {
            if (_position < HeadBytes)
            {
                var head = (int)Math.Min(read, HeadBytes - _position);
                _chunk.AsSpan(0, head).CopyTo(_head.AsSpan((int)_position));
                _headLength = (int)_position + head;
            }

            _position += read;
            RememberTail(_chunk.AsSpan(0, read));
            _lines.Feed(_chunk.AsSpan(0, read), emit);
        }

        // Taken after reading: a later write shows as a longer file or a newer modification time.
        _stamp = FileStamps.OfHandle(file);
    }

    private void Restart()
    {
        _position = 0;
        _headLength = 0;
        _tailLength = 0;
        _lines.Reset();
    }

    /// <summary>True when the file's first bytes, or the bytes just before the read position, are no longer the ones read there.</summary>
    private bool ContentChanged() =>
        !Same(0, _head.AsSpan(0, _headLength)) || !Same(_position - _tailLength, _tail.AsSpan(0, _tailLength));

    private bool Same(long offset, ReadOnlySpan<byte> expected) =>
        ReadAt(offset, expected.Length, _check) == expected.Length && _check.AsSpan(0, expected.Length).SequenceEqual(expected);

    private int ReadAt(long offset, int length, byte[] into)
    {
        var total = 0;
        while (total < length)
        {
            var read = RandomAccess.Read(_file!, into.AsSpan(total, length - total), offset + total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    private void RememberTail(ReadOnlySpan<byte> data)
    {
        if (data.Length >= TailBytes)
        {
            data[^TailBytes..].CopyTo(_tail);
            _tailLength = TailBytes;
            return;
        }

        var keep = Math.Min(_tailLength, TailBytes - data.Length);
        _tail.AsSpan(_tailLength - keep, keep).CopyTo(_tail);
        data.CopyTo(_tail.AsSpan(keep));
        _tailLength = keep + data.Length;
    }

    private void Close()
    {
        _file?.Dispose();
        _file = null;
    }

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Samples file {Path} does not exist yet; waiting for it")]
    private static partial void LogMissing(ILogger logger, string path);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "Samples file {Path} shrank from {Position} to {Length} bytes; reading it again from the start")]
    private static partial void LogTruncated(ILogger logger, string path, long position, long length);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Information, Message = "Samples file {Path} was rewritten in place; reading it again from the start")]
    private static partial void LogRewritten(ILogger logger, string path);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Information, Message = "Samples file {Path} was replaced (rotated); the old file was read to its end, the new one is read from its start")]
    private static partial void LogReplaced(ILogger logger, string path);
}
