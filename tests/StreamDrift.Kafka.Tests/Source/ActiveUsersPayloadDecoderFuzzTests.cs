using StreamDrift.Core.Samples;
using StreamDrift.Kafka.Avro;
using StreamDrift.Kafka.Source;
using StreamDrift.TestSupport.Fuzzing;

namespace StreamDrift.Kafka.Tests.Source;

/// <summary>
/// Kafka record values under hostile input (issue 16): Avro single-object bodies damaged behind an intact header,
/// and JSON or Avro damaged anywhere. For every input: no exception, and either a sample or a defined reason.
/// </summary>
public sealed class ActiveUsersPayloadDecoderFuzzTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static readonly ActiveUsersSample[] Samples =
    [
        new("eu-1", "shopify", 4350, 300, At, 12),
        new("us", "bigcommerce", 0, 60, At.AddSeconds(1)),
        new("\u00fcber-store", "adobe", long.MaxValue, int.MaxValue, At.AddYears(-20), 0),
    ];

    [Fact]
    public void HundredThousandMutatedPayloads_AreEachDecodedOrRejectedWithAReason()
    {
        var avro = Samples.Select(ActiveUsersSampleSerializer.Serialize).ToList();
        var header = avro[0][..SingleObjectEncoding.HeaderLength];
        var anywhere = new FuzzInputs(seed: 11, [.. avro, .. SampleSeeds.Json()]);
        var bodies = new FuzzInputs(seed: 12, [.. avro.Select(a => a[SingleObjectEncoding.HeaderLength..])]);
        var decoded = 0;
        var reasons = new HashSet<RejectionReason>();
        for (var i = 0; i < 100_000; i++)
        {
            // Half keep the single-object header, so the Avro reader itself meets the damage.
            var payload = i % 2 == 0 ? anywhere.Next() : [.. header, .. bodies.Next()];
            ActiveUsersSample? sample;
            RejectionReason reason;
            string detail;
            try
            {
                (sample, reason, detail) = ActiveUsersPayloadDecoder.Decode(payload);
            }
            catch (Exception e)
            {
                Assert.Fail($"input {i} ({Convert.ToHexString(payload.AsSpan(0, Math.Min(payload.Length, 200)))}) threw {e.GetType().Name}: {e.Message}");
                throw;
            }

            if (sample is not null)
            {
                decoded++;
                continue;
            }

            Assert.True(Enum.IsDefined(reason), $"input {i}: undefined reason");
            Assert.False(string.IsNullOrEmpty(detail), $"input {i}: rejected without a detail");
            reasons.Add(reason);
        }

        Assert.InRange(decoded, 5_000, 60_000);
        Assert.Contains(RejectionReason.MalformedAvro, reasons);
        Assert.Contains(RejectionReason.MalformedJson, reasons);
        Assert.Contains(RejectionReason.WrongSchema, reasons);
    }

    [Theory]
    [InlineData(new byte[] { 0xFE, 0xFF, 0xFF, 0xFF, 0x0F })] // storeId length 2^31 - 1
    [InlineData(new byte[] { 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })] // a length beyond any array
    [InlineData(new byte[] { 0x02, 0x61, 0xFE, 0xFF, 0xFF, 0xFF, 0x07 })] // connector length 2^30 - 1
    public void HugeStringLength_IsRejectedWithoutAllocatingIt(byte[] body)
    {
        var header = ActiveUsersSampleSerializer.Serialize(Samples[0])[..SingleObjectEncoding.HeaderLength];
        byte[] payload = [.. header, .. body];
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();

        var (sample, reason, _) = ActiveUsersPayloadDecoder.Decode(payload);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Assert.Null(sample);
        Assert.Equal(RejectionReason.MalformedAvro, reason);
        Assert.True(allocated < 1_000_000, $"{allocated:N0} bytes allocated to reject {payload.Length} bytes");
    }
}
