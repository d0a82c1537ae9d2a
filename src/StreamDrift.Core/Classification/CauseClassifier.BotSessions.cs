namespace StreamDrift.Core.Classification;

public sealed partial class CauseClassifier
{
    /// <summary>Rise of the sampled bot share above its healthy median that counts as a bot wave.</summary>
    private const double BotShareRise = 0.1;

    // Layouts that give bots their own short lifetime (Magento's Cm_RedisSession) show bots directly: the share of
    // sampled sessions carrying a bot's lifetime rose, while users rose by enough to explain the shoppers without
    // the keys the model expects (a bot session lasts a minute; the connector counts the bot as active for longer).
    // A deploy that shortened every shopper's lifetime raises the share too, but not the users: that one is left
    // to the early-expiry rule.
    private Diagnosis? BotSessions(WindowFacts f)
    {
        if (f.BotShare is not { } share || f.HealthyBotShare is not { } usual || share - usual < BotShareRise
            || f.Window.Ttl is not { } ttl || ttl.Sampled < _options.MinTtlSamples
            || f.HistoryCount < _options.MinHistoryWindows || f.RecentUsers is not { } recent || f.MissingShoppers <= 0
            || f.Users - recent < BotsShareOfMissing * f.MissingShoppers)
        {
            return null;
        }
        var ev = new Dictionary<string, double>
        {
            ["bot_share"] = share,
            ["healthy_bot_share"] = usual,
            ["ttl_sampled"] = ttl.Sampled,
            ["recent_active_users"] = recent,
            ["writes_per_user"] = f.WritesPerUser,
        };
        var confidence = 0.75;
        if (f.Window.Orders is { } orders && f.HealthyOrdersPerUser is { } healthyOrders)
        {
            var ordersPerUser = orders / Math.Max(f.Users, 1);
            ev["orders_per_user"] = ordersPerUser;
            ev["healthy_orders_per_user"] = healthyOrders;
            confidence += ordersPerUser < healthyOrders ? 0.1 : -0.15;
        }
        return Make(Cause.BotTraffic, confidence, f, ev, Readings.BotSessions(f, recent, share, usual), direct: true);
    }
}
