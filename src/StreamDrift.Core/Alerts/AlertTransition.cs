namespace StreamDrift.Core.Alerts;

/// <summary>A step in an alert's life. Symbols match the Avro enum <c>AlertTransition</c>.</summary>
public enum AlertTransition
{
    Opened,
    Updated,
    Resolved,
}
