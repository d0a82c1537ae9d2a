using System.Buffers;
using System.Text;
using System.Text.Json;
using Avro.Generic;
using StreamDrift.Cli.Demo;
using StreamDrift.Core.Alerts;
using StreamDrift.Core.Output;
using StreamDrift.Kafka.Avro;
using StreamDrift.Kafka.Tests;

namespace StreamDrift.Cli.Tests.Sinks;

/// <summary>
/// The JSON lines are written from Core's records, the Kafka records from Avro: both must say the same.
/// Each window is rendered both ways and the bytes compared.
/// </summary>
public class JsonFromCoreRecordsTests
{
    public static TheoryData<string> Windows => ["full", "unknowns", "non-finite", "negative"];

    private static TrackedWindow Case(string name)
    {
        var full = TestData.Window("eu", 3);
        var w = full.Verdict.Window;
        return name switch
        {
            "full" => full,
            "unknowns" => full with
            {
                Verdict = full.Verdict with
                {
                    Window = w with { SessionKeys = null, ActiveUsers = null, Orders = null, Health = null, Ttl = null, LastReconcile = null },
                    BaselineRatio = null,
                    RobustZ = null,
                    ExpectedDrift = null,
                },
            },
            "non-finite" => full with { Verdict = full.Verdict with { RobustZ = double.PositiveInfinity, BaselineRatio = double.NaN } },
            _ => full with { Verdict = full.Verdict with { Window = w with { Start = DateTimeOffset.UnixEpoch.AddMilliseconds(-1500.7), SessionKeys = 0.1 + 0.2 } } },
        };
    }

    private static string Render(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string ViaAvro(GenericRecord record, string type) => Render(w => AvroJson.WriteRecord(w, record, type));

    [Theory]
    [MemberData(nameof(Windows))]
    public void Observation_IsTheSameJson_AsTheAvroRecordOfTheWindow(string name)
    {
        var window = Case(name);

        Assert.Equal(ViaAvro(DriftObservationSerializer.ToRecord(window), "observation"), Render(w => ObservationJson.Write(w, window)));
    }

    [Theory]
    [InlineData(AlertTransition.Opened)]
    [InlineData(AlertTransition.Updated)]
    [InlineData(AlertTransition.Resolved)]
    public void Alert_IsTheSameJson_AsTheAvroRecordOfTheAlert(AlertTransition transition)
    {
        var alert = TestData.Alert("eu", transition) with { PeakDrift = double.NegativeInfinity };

        Assert.Equal(ViaAvro(DriftAlertSerializer.ToRecord(alert), "alert"), Render(w => AlertJson.Write(w, alert)));
    }
}
