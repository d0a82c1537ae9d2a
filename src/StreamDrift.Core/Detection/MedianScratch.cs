using MathNet.Numerics.Statistics;

namespace StreamDrift.Core.Detection;

/// <summary>
/// Median and MAD of a small sample without allocating per call: MathNet's in-place median needs an
/// array of exactly the sample's length, so one scratch array per length is kept and shared by every
/// store of an engine (the engine is single-threaded).
/// </summary>
internal sealed class MedianScratch
{
    private double[]?[] _byLength = new double[]?[8];

    public (double Median, double Mad) MedianAndMad(ReadOnlySpan<double> values)
    {
        var scratch = For(values.Length);
        values.CopyTo(scratch);
        var median = ArrayStatistics.MedianInplace(scratch);
        for (var i = 0; i < values.Length; i++)
        {
            scratch[i] = Math.Abs(values[i] - median);
        }

        return (median, ArrayStatistics.MedianInplace(scratch));
    }

    private double[] For(int length)
    {
        if (length >= _byLength.Length)
        {
            Array.Resize(ref _byLength, Math.Max(length + 1, _byLength.Length * 2));
        }

        return _byLength[length] ??= new double[length];
    }
}
