using StackExchange.Redis;

namespace StreamDrift.Redis;

/// <summary>
/// Whether the store's Redis answered lately, as the snapshot reports it. Written by the INFO sampler, the
/// reconcile loop and the connection events; a failure that is not Redis's (a bug, a parse error) leaves it as is.
/// </summary>
internal sealed class Reachability
{
    private volatile bool _reachable = true;

    public bool IsReachable => _reachable;

    public void Answered() => _reachable = true;

    public void Lost() => _reachable = false;

    public void Failed(Exception exception)
    {
        if (exception is RedisException)
        {
            _reachable = false;
        }
    }
}
