using System.Text;

namespace StreamDrift.TestSupport.Fuzzing;

/// <summary>Valid active-user samples as a connector sends them, the starting points of <see cref="FuzzInputs"/>.</summary>
public static class SampleSeeds
{
    /// <summary>JSON samples: with and without orders, odd but valid spacing, an unknown extra field, an offset time.</summary>
    public static IReadOnlyList<byte[]> Json() =>
    [
        .. new[]
        {
            """{"storeId":"eu-1","connector":"shopify","activeUsers":4350,"activeWindowSeconds":300,"observedAt":"2026-11-02T10:00:00.250Z","orders":12}""",
            """{"storeId":"us-2","connector":"bigcommerce","activeUsers":0,"activeWindowSeconds":60,"observedAt":"2026-11-02T10:00:00+01:00"}""",
            """{ "storeId" : "s", "connector" : "adobe", "activeUsers" : 99, "activeWindowSeconds" : 900, "observedAt" : "2026-11-02T10:00:00Z", "orders" : null }""",
            """{"observedAt":"2026-11-02T10:00:00Z","extra":{"a":[1,2,{"b":"c"}]},"activeWindowSeconds":30,"activeUsers":7,"connector":"c\u00e9","storeId":"\u00fcber"}""",
        }.Select(Encoding.UTF8.GetBytes),
    ];
}
