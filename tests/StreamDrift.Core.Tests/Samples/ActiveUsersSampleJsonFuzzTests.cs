using System.Text;
using StreamDrift.Core.Samples;
using StreamDrift.TestSupport.Fuzzing;

namespace StreamDrift.Core.Tests.Samples;

/// <summary>
/// The JSON sample parser is the first thing every connector's bytes meet: whatever arrives, it must answer
/// accepted or rejected-with-a-reason, and never throw (issue 16: invalid UTF-8 in storeId killed the process).
/// </summary>
public sealed class ActiveUsersSampleJsonFuzzTests
{
    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xE2, 0x82 })]
    public void InvalidUtf8InStoreId_IsRejectedAsMalformed_NotThrown(byte[] bad)
    {
        byte[] json = [.. "{\"storeId\":\"s"u8, .. bad, .. "\",\"connector\":\"c\",\"activeUsers\":1,\"activeWindowSeconds\":60,\"observedAt\":\"2026-11-02T10:00:00Z\"}"u8];

        Assert.False(ActiveUsersSampleJson.TryParse(json, out var sample, out var reason, out var detail));

        Assert.Null(sample);
        Assert.Equal(RejectionReason.MalformedJson, reason);
        Assert.Contains("storeId", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void EscapedLoneSurrogateInConnector_IsRejected_NotThrown()
    {
        var json = Encoding.UTF8.GetBytes("""{"storeId":"s","connector":"\ud800","activeUsers":1,"activeWindowSeconds":60,"observedAt":"2026-11-02T10:00:00Z"}""");

        Assert.False(ActiveUsersSampleJson.TryParse(json, out _, out var reason, out _));
        Assert.Equal(RejectionReason.MalformedJson, reason);
    }

    [Fact]
    public void HundredThousandMutatedInputs_AreEachAcceptedOrRejectedWithAReason()
    {
        var fuzz = new FuzzInputs(seed: 16, SampleSeeds.Json());
        var accepted = 0;
        var rejected = new int[Enum.GetValues<RejectionReason>().Length];
        for (var i = 0; i < 100_000; i++)
        {
            var input = fuzz.Next();
            bool ok;
            ActiveUsersSample? sample;
            RejectionReason reason;
            string detail;
            try
            {
                ok = ActiveUsersSampleJson.TryParse(input, out sample, out reason, out detail);
            }
            catch (Exception e)
            {
                Assert.Fail($"input {i} ({Convert.ToHexString(input.AsSpan(0, Math.Min(input.Length, 200)))}) threw {e.GetType().Name}: {e.Message}");
                throw;
            }

            if (ok)
            {
                Assert.NotNull(sample);
                Assert.NotNull(sample.StoreId);
                Assert.NotNull(sample.Connector);
                accepted++;
            }
            else
            {
                Assert.Null(sample);
                Assert.True(Enum.IsDefined(reason), $"input {i}: undefined reason {(int)reason}");
                Assert.False(string.IsNullOrEmpty(detail), $"input {i}: rejected without a detail");
                rejected[(int)reason]++;
            }
        }

        Assert.Equal(100_000, accepted + rejected.Sum());
        // The generator must reach both sides and every decoding failure, or the test proves little.
        Assert.InRange(accepted, 5_000, 60_000);
        Assert.True(rejected[(int)RejectionReason.MalformedJson] > 10_000);
        Assert.True(rejected[(int)RejectionReason.WrongSchema] > 1_000);
        Assert.True(rejected[(int)RejectionReason.MissingField] > 100);
    }
}
