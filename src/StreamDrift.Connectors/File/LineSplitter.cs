using System.Buffers;
using StreamDrift.Connectors.Json;
using StreamDrift.Core.Samples;

namespace StreamDrift.Connectors.File;

/// <summary>
/// Cuts the bytes of a followed file into lines and decodes each: an unfinished last line waits for its
/// newline, and a line longer than the limit is rejected once and skipped, so a missing newline cannot grow memory.
/// </summary>
internal sealed class LineSplitter(int maxLineBytes, JsonSampleDecoder decoder)
{
    private readonly ArrayBufferWriter<byte> _partial = new(1024);
    private bool _skippingLongLine;

    public void Feed(ReadOnlySpan<byte> data, Action<ActiveUsersSample> emit)
    {
        int newline;
        while ((newline = data.IndexOf((byte)'\n')) >= 0)
        {
            if (_skippingLongLine)
            {
                _skippingLongLine = false;
            }
            else if (_partial.WrittenCount + newline > maxLineBytes)
            {
                RejectLong(_partial.WrittenCount > 0 ? _partial.WrittenSpan : data[..newline]);
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

        if (_partial.WrittenCount + data.Length > maxLineBytes)
        {
            RejectLong(_partial.WrittenCount > 0 ? _partial.WrittenSpan : data);
            _partial.Clear();
            _skippingLongLine = true;
            return;
        }

        _partial.Write(data);
    }

    /// <summary>The file ended for good (it was rotated away): its unfinished last line is all there will be of it.</summary>
    public void Flush(Action<ActiveUsersSample> emit)
    {
        if (_partial.WrittenCount > 0 && !_skippingLongLine)
        {
            Line(_partial.WrittenSpan, emit);
        }

        Reset();
    }

    /// <summary>Forgets the unfinished line (the file is read again from its start).</summary>
    public void Reset()
    {
        _partial.Clear();
        _skippingLongLine = false;
    }

    private void RejectLong(ReadOnlySpan<byte> line) =>
        decoder.Reject(line, RejectionReason.MalformedJson, $"line longer than {maxLineBytes} bytes");

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
}
