using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Avro.Generic;
using StreamDrift.Cli.Card;
using StreamDrift.Core.Alerts;

namespace StreamDrift.Cli.Demo;

/// <summary>
/// The demo's terminal view. Live: a frame redrawn in place from the card's state (<see cref="DemoFrame"/>),
/// the decoded Kafka records below it. Headless (output redirected, tests, CI): plain lines as things happen:
/// the narration, one readable line per judged window (figures, state, cause), and one per alert record read
/// back from Kafka.
/// </summary>
internal sealed class DemoView
{
    private const int RecordsShown = 3;
    private const string Clear = "\u001b[H\u001b[2J";

    private readonly TextWriter _output;
    private readonly TimeProvider _time;
    private readonly CardBoard _board;
    private readonly DateTimeOffset _started;
    private readonly Lock _lock = new();
    private readonly Queue<string> _records = new();
    private string _narration = "";

    public DemoView(TextWriter output, TimeProvider time, bool live, CardBoard board)
    {
        _output = output;
        _time = time;
        _board = board;
        _started = time.GetUtcNow();
        Live = live;
    }

    public bool Live { get; }

    /// <summary>Where the card is served, shown in the live frame; null when it is not.</summary>
    public string? CardUrl { get; set; }

    public void Narrate(string line)
    {
        lock (_lock)
        {
            _narration = line;
            PrintIfHeadless($"[{Elapsed()}] {line}");
        }
    }

    /// <summary>A judged window, after the card took it in.</summary>
    public void OnWindow(TrackedWindow tracked)
    {
        ArgumentNullException.ThrowIfNull(tracked);
        var w = tracked.Verdict.Window;
        var d = tracked.Diagnosis;
        var cause = d.Cause == Core.Classification.Cause.None ? "-" : $"{Symbol(d.Cause.ToString())} {DemoFrame.Share(d.Confidence)}";
        lock (_lock)
        {
            PrintIfHeadless(string.Create(CultureInfo.InvariantCulture,
                $"[{Elapsed()}] {w.StoreId} {w.End:HH:mm:ss}  keys {DemoFrame.Number(w.SessionKeys)}  users {DemoFrame.Number(w.ActiveUsers)}  drift {DemoFrame.Signed(w.Drift)} {DemoFrame.Percent(w.DriftRatio)}  {Symbol(tracked.Verdict.State.ToString())}  cause {cause}"));
        }
    }

    /// <summary>A record read back from Kafka: decoded in the live view; an alert's transition as a line headless.</summary>
    public void OnPublished(string topic, string type, GenericRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
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
            if (type == "alert")
            {
                PrintIfHeadless(string.Create(CultureInfo.InvariantCulture,
                    $"[{Elapsed()}] published {topic}: {Field(record, "transition")} {Field(record, "cause")} store {Field(record, "storeId")} confidence {Field(record, "confidence")}"));
            }
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
        lock (_lock)
        {
            return DemoFrame.Render(_board, $"StreamDrift demo  {Elapsed()}   {_narration}", CardUrl, [.. _records], width);
        }
    }

    private void PrintIfHeadless(string line)
    {
        if (!Live)
        {
            _output.WriteLine(line);
            _output.Flush();
        }
    }

    private string Elapsed() => (_time.GetUtcNow() - _started).ToString(@"mm\:ss", CultureInfo.InvariantCulture);

    private static string Field(GenericRecord record, string name) =>
        record.TryGetValue(name, out var value) ? value switch
        {
            GenericEnum e => e.Value,
            double d => d.ToString("0.00", CultureInfo.InvariantCulture),
            null => "-",
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "-",
        } : "-";

    private static string Symbol(string pascal) => Metrics.RunReporter.SnakeCase(pascal).ToUpperInvariant();
}
