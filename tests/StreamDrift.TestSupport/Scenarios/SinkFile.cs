using System.Text.Json;

namespace StreamDrift.TestSupport.Scenarios;

/// <summary>Reads what <c>--sink jsonl:PATH</c> wrote: observations and alerts, in file order.</summary>
public static class SinkFile
{
    public static (List<ObservationLine> Observations, List<AlertLine> Alerts) Read(string path)
    {
        var observations = new List<ObservationLine>();
        var alerts = new List<AlertLine>();
        if (!File.Exists(path))
        {
            return (observations, alerts);
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (!line.EndsWith('}'))
            {
                continue; // a line still being written
            }
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            switch (r.GetProperty("type").GetString())
            {
                case "observation":
                    observations.Add(new ObservationLine(
                        Millis(r, "windowStart"),
                        r.GetProperty("samples").GetInt32(),
                        Number(r, "driftRatio"),
                        Number(r, "baselineRatio"),
                        r.GetProperty("consecutiveMaterial").GetInt32(),
                        r.GetProperty("state").GetString()!,
                        r.GetProperty("cause").GetString()!,
                        Number(r, "sessionKeys"),
                        Number(r, "activeUsers"),
                        r.TryGetProperty("countUncertain", out var uncertain) && uncertain.GetBoolean(),
                        Number(r, "expectedDrift"),
                        Number(r, "robustZ")));
                    break;
                case "alert":
                    alerts.Add(new AlertLine(
                        r.GetProperty("alertId").GetString()!,
                        r.GetProperty("transition").GetString()!,
                        r.GetProperty("cause").GetString()!,
                        r.GetProperty("confidence").GetDouble(),
                        Millis(r, "at"),
                        r.TryGetProperty("reading", out var reading) ? reading.GetString() ?? "" : ""));
                    break;
            }
        }
        return (observations, alerts);
    }

    private static DateTimeOffset Millis(JsonElement r, string name) => DateTimeOffset.FromUnixTimeMilliseconds(r.GetProperty(name).GetInt64());

    private static double? Number(JsonElement r, string name) =>
        r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
}
