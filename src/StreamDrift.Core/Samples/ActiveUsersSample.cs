namespace StreamDrift.Core.Samples;

/// <summary>
/// One reading of a storefront connector: how many shoppers it considers active at <see cref="ObservedAt"/>
/// (event time). Mirrors schemas/active_users_sample.avsc.
/// </summary>
public sealed record ActiveUsersSample(
    string StoreId,
    string Connector,
    long ActiveUsers,
    int ActiveWindowSeconds,
    DateTimeOffset ObservedAt,
    long? Orders = null);
