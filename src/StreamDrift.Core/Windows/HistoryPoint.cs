namespace StreamDrift.Core.Windows;

/// <summary>
/// One bucket of a store's coarse history (<see cref="StoreHistory"/>): the range and mean of the joined
/// session-key counts and active users over the windows that closed in it. Floats: a chart needs seven
/// significant digits, and a day of buckets for 10,000 stores must stay small.
/// </summary>
public readonly record struct HistoryPoint(
    DateTimeOffset Start,
    float KeysMin,
    float KeysMean,
    float KeysMax,
    float UsersMin,
    float UsersMean,
    float UsersMax);
