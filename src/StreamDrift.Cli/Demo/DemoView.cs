using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Avro.Generic;
using StreamDrift.Cli.Metrics;
using StreamDrift.Core.Classification;
using StreamDrift.Core.Detection;
using StreamDrift.Core.Samples;
using StreamDrift.Core.Signals;

namespace StreamDrift.Cli.Demo;

/// <summary>
/// The demo's terminal view. Live: a frame redrawn in place (session keys, active users, drift, state, cause,
/// the script's narration and the last Kafka records, decoded). Headless (output redirected, tests, CI): the
/// same information as plain lines, printed as it happens: narration, state changes, every published record.
/// </summary>
internal sealed class DemoView
{
    private const int RecordsShown = 6;
    private const string Clear = "\u001b[H\u001b[2J";

    private readonly TextWriter _output;
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _started;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, DemoRow> _rows = new(StringComparer.Ordinal);
    private readonly Queue<string> _records = new();
    private string _narration = "";

    public DemoView(TextWriter output, TimeProvider time, bool live)
    {
        _output = output;
        _time = time;
        _started = time.GetUtcNow();
        Live = live;
    }

    public bool Live { get; }

    public void Narrate(string line)
    {
        lock (_lock)
        {
            _narration = line;
            PrintIfHeadless($"[{Elapsed()}] {line}");
        }
    }

    public void OnSnapshot(StoreSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Update(snapshot.StoreId, row => row with { SessionKeys = snapshot.SessionKeys });
    }

    public void OnUsers(ActiveUsersSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        Update(sample.StoreId, row => row with { ActiveUsers = sample.ActiveUsers });
    }

    /// <summary>A closed window's verdict and, when the classifier ran, its cause.</summary>
    public void OnVerdict(DetectorVerdict verdict, Cause? cause)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        lock (_lock)
        {
            var before = Row(verdict.Window.StoreId);
            var after = before with { Drift = verdict.Window.Drift, State = verdict.State, Cause = cause ?? before.Cause };
            _rows[after.StoreId] = after;
            if (before.State != after.State)
            {
                PrintIfHeadless($"[{Elapsed()}] {after.StoreId}: {Symbol(before.State)} -> {Symbol(after.State)}, drift {Number(after.Drift)}, cause {CauseSymbol(after.Cause)}");
            }
        }
    }

    /// <summary>A record delivered to Kafka, shown decoded.</summary>
    public void OnPublished(string topic, string type, GenericRecord record)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            AvroJson.WriteRecord(writer, record, type);
        }
        var line = $"{topic}: {Encoding.UTF8.GetString(buffer.WrittenSpan)}";
        lock (_lock)
        {
            _records.Enqueue(line);
            while (_records.Count > RecordsShown)
            {
                _records.Dequeue();
            }
            PrintIfHeadless($"[{Elapsed()}] published {line}");
        }
    }

    /// <summary>Redraws the live frame until cancelled (nothing to do headless: lines are already out).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!Live)
        {
            return;
        }
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await _output.WriteAsync((Clear + Render(Console.WindowWidth)).AsMemory(), cancellationToken).ConfigureAwait(false);
                await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
                await Task.Delay(TimeSpan.FromMilliseconds(500), _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // the demo ended
        }
    }

    /// <summary>One frame of the live view, lines cut to <paramref name="width"/>.</summary>
    public string Render(int width)
    {
        var text = new StringBuilder();
        lock (_lock)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"StreamDrift demo  {Elapsed()}   {_narration}");
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"{"store",-12} {"session keys",12} {"active users",12} {"drift",10}  {"state",-9} cause");
            foreach (var row in _rows.Values)
            {
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"{row.StoreId,-12} {Number(row.SessionKeys),12} {Number(row.ActiveUsers),12} {Number(row.Drift),10}  {Symbol(row.State),-9} {CauseSymbol(row.Cause)}");
            }
            text.AppendLine();
            text.AppendLine("last Kafka records (decoded):");
            foreach (var record in _records)
            {
                text.AppendLine(record.Length > width ? record[..Math.Max(width - 1, 1)] + "…" : record);
            }
        }
        return text.ToString();
    }

    private void Update(string storeId, Func<DemoRow, DemoRow> change)
    {
        lock (_lock)
        {
            _rows[storeId] = change(Row(storeId));
        }
    }

    private DemoRow Row(string storeId) => _rows.TryGetValue(storeId, out var row) ? row : new DemoRow(storeId);

    private void PrintIfHeadless(string line)
    {
        if (!Live)
        {
            _output.WriteLine(line);
            _output.Flush();
        }
    }

    private string Elapsed() => (_time.GetUtcNow() - _started).ToString(@"mm\:ss", CultureInfo.InvariantCulture);

    private static string Number(double? value) => value is { } v ? v.ToString("0", CultureInfo.InvariantCulture) : "-";

    private static string Symbol(DriftState state) => state.ToString().ToUpperInvariant();

    private static string CauseSymbol(Cause? cause) => cause is { } c ? RunReporter.SnakeCase(c.ToString()).ToUpperInvariant() : "-";
}
