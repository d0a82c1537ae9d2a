using System.Buffers;
using System.Text.Json;
using StreamDrift.Core.Alerts;
using StreamDrift.Core.Output;

namespace StreamDrift.Cli.Sinks;

/// <summary>
/// <c>--sink jsonl:PATH</c> and <c>replay</c>'s output: every observation and alert as one JSON line
/// (<see cref="ObservationJson"/>, <see cref="AlertJson"/>: the Avro schemas' fields plus <c>"type"</c>), appended and flushed per line so a crash loses at most the line being written and
/// <c>tail -f</c> sees records as they happen. Safe to call from several threads.
/// </summary>
internal sealed class JsonLinesSink : IWindowOutput
{
    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private bool _disposed;

    /// <summary>Appends to <paramref name="path"/>: a restart must not erase what the previous run reported.</summary>
    public JsonLinesSink(string path)
        : this(path, FileMode.Append)
    {
    }

    /// <param name="path">The file; its directory is created.</param>
    /// <param name="mode"><see cref="FileMode.Append"/> for <c>run</c>; <see cref="FileMode.Create"/> where the
    /// output must be exactly one run's (replay's byte-identical output).</param>
    public JsonLinesSink(string path, FileMode mode)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _stream = new FileStream(Path, mode, FileAccess.Write, FileShare.Read, 4096, useAsync: true);
        _ownsStream = true;
    }

    /// <summary>Writes to a stream the caller owns (standard output).</summary>
    public JsonLinesSink(Stream stream)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        Path = "-";
        _ownsStream = false;
    }

    /// <summary>The file written, or <c>-</c> for a caller's stream.</summary>
    public string Path { get; }

    public string Name => $"jsonl:{Path}";

    /// <summary>The instance named in every observation line (<c>run</c>: <c>--instance</c>); null in replays.</summary>
    public string? Instance { get; init; }

    /// <summary>Writes the window's observation line, then its alert transition's line if it has one.</summary>
    public async ValueTask WriteAsync(TrackedWindow window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        await WriteLineAsync(w => ObservationJson.Write(w, window, Instance), cancellationToken).ConfigureAwait(false);
        if (window.Alert is { } alert)
        {
            await WriteLineAsync(w => AlertJson.Write(w, alert), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Nothing to do: every line is flushed as it is written.</summary>
    public ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    private async Task WriteLineAsync(Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _buffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(_buffer))
            {
                write(writer);
            }
            _buffer.Write("\n"u8);
            await _stream.WriteAsync(_buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_disposed)
            {
                _disposed = true;
                if (_ownsStream)
                {
                    await _stream.DisposeAsync().ConfigureAwait(false);
                }
                else
                {
                    await _stream.FlushAsync().ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
