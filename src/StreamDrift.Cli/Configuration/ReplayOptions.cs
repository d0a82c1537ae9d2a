namespace StreamDrift.Cli.Configuration;

/// <summary>
/// What <c>replay</c> runs on: the recording, where the output goes, and the judging settings per store.
/// A store in the recording that the configuration does not name is judged with the first store's settings.
/// </summary>
internal sealed record ReplayOptions(string Input, string? Output, StreamDriftOptions Settings)
{
    public StoreOptions StoreFor(string storeId)
    {
        foreach (var store in Settings.Stores)
        {
            if (store.Id == storeId)
            {
                return store;
            }
        }
        return Settings.Stores[0] with { Id = storeId };
    }
}
