namespace StreamDrift.Core.Windows;

/// <summary>Rolling minimum, mean and maximum of the drift over the trend horizon (24 h by default).</summary>
public readonly record struct DriftTrend(double Min, double Mean, double Max);
