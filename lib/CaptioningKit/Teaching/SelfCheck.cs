namespace CaptioningKit.Teaching;

/// <summary>
/// How a notebook cell states a claim it demonstrates ("the cache equals the encoder", "the same weights", "a
/// truncated file is refused"): a short confirmation when it holds, and an error that stops the cell when it does
/// not. A claim printed as <c>equal: False</c> scrolls past unnoticed; an error does not (and the notebook tests fail
/// on it).
/// </summary>
public static class SelfCheck
{
    /// <summary>Returns "✓ <paramref name="what"/>" when <paramref name="ok"/> is true.</summary>
    /// <param name="ok">the claim's outcome, computed in the cell.</param>
    /// <param name="what">the claim in words, e.g. "the cache equals the encoder".</param>
    /// <exception cref="InvalidOperationException"><paramref name="ok"/> is false.</exception>
    public static string Require(bool ok, string what) =>
        ok ? $"✓ {what}" : throw new InvalidOperationException(Failed(what, ""));

    /// <summary>
    /// Runs <paramref name="action"/>, which must throw a <typeparamref name="TException"/> (or a subclass), and returns
    /// that exception for the cell to show. Any other exception passes through unchanged.
    /// </summary>
    /// <exception cref="InvalidOperationException"><paramref name="action"/> returned without throwing.</exception>
    public static TException Throws<TException>(Action action, string what) where TException : Exception
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            action();
        }
        catch (TException e)
        {
            return e;
        }
        throw new InvalidOperationException(Failed(what, $": no {typeof(TException).Name} was thrown"));
    }

    static string Failed(string what, string detail) =>
        $"Self-check failed: \"{what}\" does not hold{detail}. If you changed a cell above, run the notebook again from the top; " +
        "otherwise the kit does not do what this notebook says (a bug: please report it).";
}
