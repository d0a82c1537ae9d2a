namespace StreamDrift.Redis;

/// <summary>
/// The watched Redis cannot serve StreamDrift as configured (keyspace notifications cannot be checked or
/// set, or the server is too old). The message is one line an operator can act on; hosts print it as is.
/// </summary>
public sealed class RedisSetupException : Exception
{
    public RedisSetupException(string message)
        : base(message)
    {
    }

    public RedisSetupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RedisSetupException()
    {
    }
}
