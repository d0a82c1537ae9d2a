namespace StreamDrift.Storefront;

/// <summary>A page view that writes (creates or refreshes) one session of one shopper.</summary>
public readonly record struct SessionWrite(long ShopperId, int Tab);
