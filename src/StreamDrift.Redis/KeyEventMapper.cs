using StackExchange.Redis;
using StreamDrift.Core.Counting;

namespace StreamDrift.Redis;

/// <summary>Library notification types to the kinds Core counts.</summary>
internal static class KeyEventMapper
{
    public static KeyEventKind Map(KeyNotificationType type) => type switch
    {
        KeyNotificationType.New => KeyEventKind.New,
        KeyNotificationType.Del => KeyEventKind.Del,
        KeyNotificationType.Expired => KeyEventKind.Expired,
        KeyNotificationType.Evicted => KeyEventKind.Evicted,
        KeyNotificationType.RenameFrom => KeyEventKind.RenameFrom,
        KeyNotificationType.RenameTo => KeyEventKind.RenameTo,
        KeyNotificationType.MoveFrom => KeyEventKind.MoveFrom,
        KeyNotificationType.MoveTo => KeyEventKind.MoveTo,
        KeyNotificationType.Set => KeyEventKind.Set,
        KeyNotificationType.HSet => KeyEventKind.HSet,
        KeyNotificationType.Expire => KeyEventKind.Expire,
        KeyNotificationType.Persist => KeyEventKind.Persist,
        _ => KeyEventKind.Other,
    };
}
