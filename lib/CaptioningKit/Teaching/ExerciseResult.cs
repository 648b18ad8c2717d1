namespace CaptioningKit.Teaching;

/// <summary>
/// The verdict of a notebook exercise check: right or wrong, what was expected in words, and a hint that moves the
/// learner on without giving the answer away. Checks never throw on a wrong or unfinished answer.
/// </summary>
public sealed record ExerciseResult(string Exercise, bool Correct, string Message, string? Hint = null)
{
    public static ExerciseResult Right(string exercise, string message) => new(exercise, true, message);
    public static ExerciseResult Wrong(string exercise, string message, string hint) => new(exercise, false, message, hint);

    /// <summary>An answer still at its placeholder (null, empty, or NotImplemented): wrong, with a nudge to start.</summary>
    public static ExerciseResult NotAnswered(string exercise, string hint) =>
        new(exercise, false, "Not answered yet: replace the placeholder in the cell above and run it again.", hint);

    /// <summary>A code exercise still at its stub (null, or it throws NotImplementedException): wrong, with a nudge to start.</summary>
    public static ExerciseResult NotWritten(string exercise, string hint) =>
        new(exercise, false, "Not answered yet: replace the line `throw new NotImplementedException();` with your code and run the cell again.", hint);

    public override string ToString() =>
        (Correct ? "✅ " : "❌ ") + $"{Exercise}: {Message}" + (Hint is null || Correct ? "" : $"\n   Hint: {Hint}");
}
