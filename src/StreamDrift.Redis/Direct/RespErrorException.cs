namespace StreamDrift.Redis.Direct;

/// <summary>An error reply (<c>-ERR ...</c>, <c>-NOPERM ...</c>) or a reply that is not what the command returns.</summary>
public sealed class RespErrorException : Exception
{
    public RespErrorException()
    {
    }

    public RespErrorException(string message)
        : base(message)
    {
    }

    public RespErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
