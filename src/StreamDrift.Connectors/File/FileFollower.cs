using System.Buffers;
using Microsoft.Extensions.Logging;
using StreamDrift.Connectors.Json;
using StreamDrift.Core.Samples;

namespace StreamDrift.Connectors.File;

/// <summary>The read position and the unfinished last line of one followed file (one subscription's state).</summary>
internal sealed partial class FileFollower(JsonLinesFileSourceOptions options, JsonSampleDecoder decoder, ILogger logger)
{
    private readonly ArrayBufferWriter<byte> _partial = new(1024);
    private readonly byte[] _chunk = new byte[64 * 1024];
    private long _position = -1;
    private bool _skippingLongLine;
    private bool _reportedMissing;

    public void Poll(Action<ActiveUsersSample> emit)
    {
        if (!System.IO.File.Exists(options.Path))
        {
            if (!_reportedMissing)
            {
                LogMissing(logger, options.Path);
                _reportedMissing = true;
            }

            return;
        }

        _reportedMissing = false;
        using var stream = new FileStream(options.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        if (_position < 0)
        {
            _position = options.FromStart ? 0 : stream.Length;
        }

        if (stream.Length < _position)
        {
            LogTruncated(logger, options.Path, _position, stream.Length);
            _position = 0;
            _partial.Clear();
            _skippingLongLine = false;
        }

        stream.Position = _position;
        int read;
        while ((read = stream.Read(_chunk, 0, _chunk.Length)) > 0)
        {
            _position += read;
            Split(_chunk.AsSpan(0, read), emit);
        }
    }

    private void Split(ReadOnlySpan<byte> data, Action<ActiveUsersSample> emit)
    {
        int newline;
        while ((newline = data.IndexOf((byte)'\n')) >= 0)
        {
            if (_skippingLongLine)
            {
                _skippingLongLine = false;
            }
            else if (_partial.WrittenCount + newline > options.MaxLineBytes)
            {
                decoder.Reject(_partial.WrittenCount > 0 ? _partial.WrittenSpan : data[..newline], RejectionReason.MalformedJson, $"line longer than {options.MaxLineBytes} bytes");
            }
            else if (_partial.WrittenCount == 0)
            {
                Line(data[..newline], emit);
            }
            else
            {
                _partial.Write(data[..newline]);
                Line(_partial.WrittenSpan, emit);
            }

            _partial.Clear();
            data = data[(newline + 1)..];
        }

        if (_skippingLongLine)
        {
            return;
        }

        if (_partial.WrittenCount + data.Length > options.MaxLineBytes)
        {
            decoder.Reject(_partial.WrittenCount > 0 ? _partial.WrittenSpan : data, RejectionReason.MalformedJson, $"line longer than {options.MaxLineBytes} bytes");
            _partial.Clear();
            _skippingLongLine = true;
            return;
        }

        _partial.Write(data);
    }

    private void Line(ReadOnlySpan<byte> line, Action<ActiveUsersSample> emit)
    {
        line = line.TrimEnd((byte)'\r');
        if (line.Trim(" \t"u8).IsEmpty)
        {
            return; // blank lines are padding, not records
        }

        if (decoder.TryDecode(line, out var sample))
        {
            emit(sample!);
        }
    }

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Samples file {Path} does not exist yet; waiting for it")]
    private static partial void LogMissing(ILogger logger, string path);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "Samples file {Path} shrank from {Position} to {Length} bytes; reading it again from the start")]
    private static partial void LogTruncated(ILogger logger, string path, long position, long length);
}
