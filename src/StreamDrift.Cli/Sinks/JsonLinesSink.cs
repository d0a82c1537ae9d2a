using System.Buffers;
using System.Text.Json;
using Avro.Generic;

namespace StreamDrift.Cli.Sinks;

/// <summary>
/// <c>--sink jsonl:PATH</c>: every observation and alert as one JSON line (the Avro record's fields plus
/// <c>"type"</c>), appended and flushed per line so a crash loses at most the line being written and
/// <c>tail -f</c> sees records as they happen. Safe to call from several threads.
/// </summary>
internal sealed class JsonLinesSink : IAsyncDisposable
{
    public const string Observation = "observation";
    public const string Alert = "alert";

    private readonly FileStream _stream;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private bool _disposed;

    public JsonLinesSink(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        // Append: a restart must not erase what the previous run reported.
        _stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, useAsync: true);
    }

    public string Path { get; }

    public Task WriteObservationAsync(GenericRecord record, CancellationToken cancellationToken = default) =>
        WriteAsync(Observation, record, cancellationToken);

    public Task WriteAlertAsync(GenericRecord record, CancellationToken cancellationToken = default) =>
        WriteAsync(Alert, record, cancellationToken);

    public async Task WriteAsync(string type, GenericRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _buffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(_buffer))
            {
                AvroJson.WriteRecord(writer, record, type);
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
                await _stream.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
