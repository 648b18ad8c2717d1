namespace CaptioningKit.Teaching;

/// <summary>Notebook 00's warm-up: reading tensor shapes, the skill every later notebook leans on.</summary>
public static class StartHereExercises
{
    /// <summary>Exercise 00.1: the shape of <c>a.matmul(a.T)</c> for <c>a</c> of shape (2, 3).</summary>
    public static ExerciseResult MatmulShape(long[]? answer)
    {
        const string name = "Exercise 00.1 (shape of a.matmul(a.T))";
        if (answer is null || answer.Length == 0) return ExerciseResult.NotAnswered(name, "a is (2, 3), so a.T is (3, 2). What does (2, 3) x (3, 2) give?");
        return answer.SequenceEqual(new long[] { 2, 2 })
            ? ExerciseResult.Right(name, "(2, 2): the inner sizes (3) meet and vanish, the outer ones (2 and 2) remain.")
            : ExerciseResult.Wrong(name, $"({string.Join(", ", answer)}) is not it.", "In (m, k) x (k, n) the k's must match and the result is (m, n).");
    }
}
