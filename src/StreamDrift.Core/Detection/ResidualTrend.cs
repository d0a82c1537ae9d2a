namespace StreamDrift.Core.Detection;

/// <summary>
/// The residual (keys minus expected keys) of a store's last few windows: how fast what the model does not
/// explain is growing, in keys per window (orphaned sessions pile up; a level shift does not).
/// </summary>
internal sealed class ResidualTrend
{
    private const int Span = 4;
    private readonly double[] _last = new double[Span];
    private int _count;
    private int _next;

    /// <summary>Records a residual; returns its mean growth per window over the span (0 until two are known).</summary>
    public double Add(double residual)
    {
        var oldest = _count == Span ? _last[_next] : _last[0];
        var windows = _count == Span ? Span : _count;
        _last[_next] = residual;
        _next = (_next + 1) % Span;
        _count = Math.Min(_count + 1, Span);
        return windows == 0 ? 0 : (residual - oldest) / windows;
    }
}
