using System.Text;
using StreamDrift.Kafka.Source;
using StreamDrift.Core.Samples;
using StreamDrift.Kafka.Avro;

namespace StreamDrift.Kafka.Tests.Source;

public class SampleDecoderTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 12, 0, 0, TimeSpan.FromHours(1));

    [Fact]
    public void Json_WithAllFields_IsDecoded()
    {
        var json = """{"storeId":"s1","connector":"shopify","activeUsers":9800,"activeWindowSeconds":300,"observedAt":"2026-11-22T12:00:00+01:00","orders":42}""";

        var (sample, _, _) = ActiveUsersPayloadDecoder.Decode(Encoding.UTF8.GetBytes(json));

        Assert.Equal(new ActiveUsersSample("s1", "shopify", 9800, 300, At, 42), sample);
    }

    [Fact]
    public void Json_WithoutOrders_HasNullOrders()
    {
        var json = """{"storeId":"s1","connector":"bc","activeUsers":5,"activeWindowSeconds":60,"observedAt":"2026-11-22T11:00:00Z","orders":null}""";

        var (sample, _, _) = ActiveUsersPayloadDecoder.Decode(Encoding.UTF8.GetBytes(json));

        Assert.NotNull(sample);
        Assert.Null(sample.Orders);
        Assert.Equal(At, sample.ObservedAt);
    }

    [Fact]
    public void Json_ObservedAtWithoutOffset_IsUtcNotLocalTime()
    {
        var json = """{"storeId":"s1","connector":"bc","activeUsers":5,"activeWindowSeconds":60,"observedAt":"2026-11-22T11:00:00"}""";

        var (sample, _, _) = ActiveUsersPayloadDecoder.Decode(Encoding.UTF8.GetBytes(json));

        Assert.Equal(TimeSpan.Zero, sample!.ObservedAt.Offset);
        Assert.Equal(At, sample.ObservedAt);
    }

    [Fact]
    public void Avro_SingleObject_IsDecoded()
    {
        var original = new ActiveUsersSample("s2", "adobe", 120, 900, At, null);

        var (sample, _, _) = ActiveUsersPayloadDecoder.Decode(ActiveUsersSampleSerializer.Serialize(original));

        Assert.Equal(original, sample);
    }

    [Theory]
    [InlineData("""{"storeId":"s1","connector":"x","activeUsers":""", RejectionReason.MalformedJson)]
    [InlineData("""{"storeId":"s1","connector":"x","activeWindowSeconds":60,"observedAt":"2026-11-22T11:00:00Z"}""", RejectionReason.MissingField)]
    [InlineData("""{"storeId":"s1","connector":"x","activeUsers":5,"activeWindowSeconds":60,"observedAt":"yesterday"}""", RejectionReason.WrongSchema)]
    [InlineData("""{"storeId":"s1","connector":"x","activeUsers":-5,"activeWindowSeconds":60,"observedAt":"2026-11-22T11:00:00Z"}""", RejectionReason.NegativeCount)]
    [InlineData("""[1,2,3]""", RejectionReason.WrongSchema)]
    public void BadJson_IsRefusedWithItsReason(string json, RejectionReason reason)
    {
        var (sample, actual, detail) = ActiveUsersPayloadDecoder.Decode(Encoding.UTF8.GetBytes(json));

        Assert.Null(sample);
        Assert.Equal(reason, actual);
        Assert.NotEmpty(detail);
    }

    [Fact]
    public void Avro_OfAnotherSchema_IsWrongSchema()
    {
        var alertBytes = DriftAlertSerializer.Serialize(new Core.Alerts.DriftAlert
        {
            AlertId = "a", StoreId = "s", Transition = Core.Alerts.AlertTransition.Opened, Cause = Core.Classification.Cause.Unknown,
            Confidence = 0.3, Evidence = new Dictionary<string, double>(), Reading = "", Mitigations = [], OpenedAt = At, At = At, PeakDrift = 0,
        });

        var (sample, reason, _) = ActiveUsersPayloadDecoder.Decode(alertBytes);

        Assert.Null(sample);
        Assert.Equal(RejectionReason.WrongSchema, reason);
    }

    [Fact]
    public void Avro_WithATruncatedBody_IsMalformedAvro()
    {
        var bytes = ActiveUsersSampleSerializer.Serialize(new ActiveUsersSample("store-with-a-long-name", "adobe", 120, 900, At));

        var (sample, reason, _) = ActiveUsersPayloadDecoder.Decode(bytes[..14]);

        Assert.Null(sample);
        Assert.Equal(RejectionReason.MalformedAvro, reason);
    }
}
