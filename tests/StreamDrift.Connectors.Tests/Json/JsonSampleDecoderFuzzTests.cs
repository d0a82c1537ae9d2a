using System.Text;
using Microsoft.Extensions.Time.Testing;
using StreamDrift.Connectors.Json;
using StreamDrift.Core.Samples;
using StreamDrift.TestSupport.Fuzzing;

namespace StreamDrift.Connectors.Tests.Json;

/// <summary>
/// The decoder of file lines and HTTP poll bodies under hostile input (issue 16): for every input, no exception,
/// and every input either yields samples or is counted as rejected.
/// </summary>
public sealed class JsonSampleDecoderFuzzTests
{
    private readonly RejectionCounters _rejections = new();
    private readonly JsonSampleDecoder _decoder;

    public JsonSampleDecoderFuzzTests() =>
        _decoder = new JsonSampleDecoder("fuzz", _rejections, new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.Zero)));

    [Fact]
    public void HundredThousandMutatedLines_AreEachAcceptedOrCountedAsRejected()
    {
        var fuzz = new FuzzInputs(seed: 6, SampleSeeds.Json());
        var accepted = 0;
        for (var i = 0; i < 100_000; i++)
        {
            var input = fuzz.Next();
            var before = _rejections.Total;
            var ok = Decode(i, input, () => _decoder.TryDecode(input, out _));
            Assert.Equal(ok ? before : before + 1, _rejections.Total);
            accepted += ok ? 1 : 0;
        }

        Assert.Equal(100_000, accepted + _rejections.Total);
        Assert.InRange(accepted, 5_000, 60_000);
    }

    [Fact]
    public void HundredThousandMutatedPollBodies_AreEachAcceptedOrCountedAsRejected()
    {
        var fuzz = new FuzzInputs(seed: 7, Bodies());
        var samples = new List<ActiveUsersSample>();
        var withSamples = 0;
        for (var i = 0; i < 100_000; i++)
        {
            var input = fuzz.Next();
            var before = _rejections.Total;
            samples.Clear();
            Decode(i, input, () =>
            {
                _decoder.DecodeBody(input, samples);
                return true;
            });
            // An empty array is a valid answer with no samples in it; anything else yields samples or rejections.
            Assert.True(samples.Count + (_rejections.Total - before) >= 1 || IsEmptyArray(input), $"input {i} was neither accepted nor rejected: {Hex(input)}");
            Assert.All(samples, Assert.NotNull);
            withSamples += samples.Count > 0 ? 1 : 0;
        }

        Assert.InRange(withSamples, 5_000, 90_000);
    }

    [Fact]
    public void ArrayElementWithInvalidUtf8_IsRejectedAlone()
    {
        var good = SampleSeeds.Json()[0];
        byte[] bad = [.. "{\"storeId\":\"s"u8, 0xFF, .. "\"}"u8];
        byte[] body = [(byte)'[', .. good, (byte)',', .. bad, (byte)',', .. good, (byte)']'];
        var samples = new List<ActiveUsersSample>();

        _decoder.DecodeBody(body, samples);

        Assert.Equal(2, samples.Count);
        Assert.Equal(1, _rejections[RejectionReason.MalformedJson]);
    }

    /// <summary>Poll bodies as endpoints send them: one object, an array of several, an empty array.</summary>
    private static List<byte[]> Bodies()
    {
        var lines = SampleSeeds.Json();
        return
        [
            .. lines,
            Encoding.UTF8.GetBytes("[" + string.Join(",", lines.Select(Encoding.UTF8.GetString)) + "]"),
            Encoding.UTF8.GetBytes("[ " + Encoding.UTF8.GetString(lines[0]) + " ]"),
            "[]"u8.ToArray(),
        ];
    }

    private static bool Decode(int index, byte[] input, Func<bool> decode)
    {
        try
        {
            return decode();
        }
        catch (Exception e)
        {
            Assert.Fail($"input {index} ({Hex(input)}) threw {e.GetType().Name}: {e.Message}");
            throw;
        }
    }

    private static bool IsEmptyArray(byte[] input)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(input);
            return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Array && document.RootElement.GetArrayLength() == 0;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private static string Hex(byte[] input) => Convert.ToHexString(input.AsSpan(0, Math.Min(input.Length, 200)));
}
