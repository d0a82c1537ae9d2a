using System.Text;
using StreamDrift.Core.Samples;

namespace StreamDrift.Core.Tests.Samples;

public sealed class ActiveUsersSampleJsonTests
{
    [Fact]
    public void ValidSample_ParsesEveryField()
    {
        var ok = Parse("""{"storeId":"eu-1","connector":"shopify","activeUsers":4350,"activeWindowSeconds":300,"observedAt":"2026-11-02T10:00:00.250Z","orders":12,"extra":{"a":[1,2]}}""", out var sample, out _, out _);

        Assert.True(ok);
        Assert.Equal(new ActiveUsersSample("eu-1", "shopify", 4350, 300, new DateTimeOffset(2026, 11, 2, 10, 0, 0, 250, TimeSpan.Zero), 12), sample);
    }

    [Theory]
    [InlineData("""{"storeId":"s","connector":"c","activeUsers":1,"activeWindowSeconds":60,"observedAt":"2026-11-02T10:00:00+01:00"}""")]
    [InlineData("""{"storeId":"s","connector":"c","activeUsers":1,"activeWindowSeconds":60,"observedAt":"2026-11-02T10:00:00+01:00","orders":null}""")]
    public void OrdersAreOptional(string json)
    {
        Assert.True(Parse(json, out var sample, out _, out _));
        Assert.Null(sample!.Orders);
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero), sample.ObservedAt.ToUniversalTime());
    }

    [Theory]
    [InlineData("""{"storeId":"s","connector":"c",""", RejectionReason.MalformedJson)]
    [InlineData("not json", RejectionReason.MalformedJson)]
    [InlineData("""{"storeId":"s"} {"storeId":"t"}""", RejectionReason.MalformedJson)]
    [InlineData("""[1,2]""", RejectionReason.WrongSchema)]
    [InlineData("""{"storeId":7,"connector":"c","activeUsers":1,"activeWindowSeconds":60,"observedAt":"2026-11-02T10:00:00Z"}""", RejectionReason.WrongSchema)]
    [InlineData("""{"storeId":"s","connector":"c","activeUsers":"many","activeWindowSeconds":60,"observedAt":"2026-11-02T10:00:00Z"}""", RejectionReason.WrongSchema)]
    [InlineData("""{"storeId":"s","connector":"c","activeUsers":1.5,"activeWindowSeconds":60,"observedAt":"2026-11-02T10:00:00Z"}""", RejectionReason.WrongSchema)]
    [InlineData("""{"storeId":"s","connector":"c","activeUsers":1,"activeWindowSeconds":60,"observedAt":"yesterday"}""", RejectionReason.WrongSchema)]
    [InlineData("""{"storeId":"s","connector":"c","activeWindowSeconds":60,"observedAt":"2026-11-02T10:00:00Z"}""", RejectionReason.MissingField)]
    [InlineData("""{"connector":"c","activeUsers":1,"activeWindowSeconds":60,"observedAt":"2026-11-02T10:00:00Z"}""", RejectionReason.MissingField)]
    public void BadInput_IsRefusedWithItsReason(string json, RejectionReason expected)
    {
        Assert.False(Parse(json, out var sample, out var reason, out var detail));
        Assert.Null(sample);
        Assert.Equal(expected, reason);
        Assert.False(string.IsNullOrEmpty(detail));
    }

    [Fact]
    public void Serialize_RoundTrips()
    {
        var sample = new ActiveUsersSample("s", "adobe-commerce", 10, 900, new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.Zero), 3);
        Assert.True(ActiveUsersSampleJson.TryParse(ActiveUsersSampleJson.Serialize(sample), out var back, out _, out _));
        Assert.Equal(sample, back);
    }

    private static bool Parse(string json, out ActiveUsersSample? sample, out RejectionReason reason, out string detail) =>
        ActiveUsersSampleJson.TryParse(Encoding.UTF8.GetBytes(json), out sample, out reason, out detail);
}
