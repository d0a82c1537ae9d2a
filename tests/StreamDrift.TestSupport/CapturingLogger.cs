using Microsoft.Extensions.Logging;

namespace StreamDrift.TestSupport;

/// <summary>Keeps every formatted log line, for assertions on what was (not) logged.</summary>
public sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];

    /// <summary>Raised after each line is kept (on the logging thread).</summary>
    public event Action? Logged;

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_gate)
        {
            _lines.Add(formatter(state, exception));
        }

        Logged?.Invoke();
    }
}
