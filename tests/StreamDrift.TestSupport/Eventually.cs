using System.Diagnostics;
using Xunit;

namespace StreamDrift.TestSupport;

/// <summary>
/// The one way a test waits: poll a condition until it holds, and FAIL at the deadline with a message that
/// says what never happened. The machine running the suite is shared and slow at times, so only the
/// condition is the assertion and the deadline is generous; a wait can never hang, and a negative is never
/// "proven" by sleeping (wait for a positive signal that follows it instead).
/// </summary>
public static class Eventually
{
    /// <summary>Deadline of the waits that do not name one: generous, because it only bounds a failure.</summary>
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(50);

    /// <summary>Returns once <paramref name="condition"/> holds; fails the test with <paramref name="message"/> at <paramref name="deadline"/>.</summary>
    public static Task Until(Func<bool> condition, TimeSpan deadline, string message) =>
        Until(() => Task.FromResult(condition()), deadline, () => message);

    /// <summary>As above; <paramref name="message"/> is built at the deadline, so it can show the state then.</summary>
    public static Task Until(Func<bool> condition, TimeSpan deadline, Func<string> message) =>
        Until(() => Task.FromResult(condition()), deadline, message);

    /// <summary>Returns once <paramref name="condition"/> holds; fails the test with <paramref name="message"/> at <paramref name="deadline"/>.</summary>
    public static Task Until(Func<Task<bool>> condition, TimeSpan deadline, string message) =>
        Until(condition, deadline, () => message);

    /// <summary>The one loop: the condition is checked once more at the deadline, so a slow last step still counts.</summary>
    public static async Task Until(Func<Task<bool>> condition, TimeSpan deadline, Func<string> message)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(message);
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < deadline)
        {
            if (await condition().ConfigureAwait(false))
            {
                return;
            }
            await Task.Delay(PollEvery).ConfigureAwait(false);
        }
        if (!await condition().ConfigureAwait(false))
        {
            Assert.Fail($"not within {deadline.TotalSeconds:0.#} s: {message()}");
        }
    }
}
