namespace CaptioningKit;

/// <summary>
/// An <see cref="IProgress{T}"/> that calls its action at once, on the reporting thread. The framework's
/// <see cref="Progress{T}"/> posts to the thread pool instead, so a console bar or a notebook display would update late,
/// out of order, or after the work is done.
/// </summary>
public sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
