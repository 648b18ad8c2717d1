namespace CaptioningKit.Teaching;

/// <summary>Notebook 00's warm-up: reading tensor shapes, the skill every later notebook leans on.</summary>
public static class StartHereExercises
{
    /// <summary>
    /// Exercise 00.1: the shape of <c>a.T.matmul(a)</c> for <c>a</c> of shape (2, 3). (The cell above prints
    /// <c>a.matmul(a.T)</c>, whose shape is (2, 2); this product is the other way round.)
    /// </summary>
    public static ExerciseResult MatmulShape(long[]? answer)
    {
        const string name = "Exercise 00.1 (shape of a.T.matmul(a))";
        if (answer is null || answer.Length == 0) return ExerciseResult.NotAnswered(name, "a is (2, 3), so a.T is (3, 2). What does (3, 2) x (2, 3) give?");
        if (answer.SequenceEqual(new long[] { 3, 3 }))
            return ExerciseResult.Right(name, "(3, 3): the inner sizes (2) meet and vanish, the outer ones (3 and 3) remain. The order of a product matters.");
        if (answer.SequenceEqual(new long[] { 2, 2 }))
            return ExerciseResult.Wrong(name, "(2, 2) is the shape of a.matmul(a.T), the product printed above.", "Here a.T comes first: (3, 2) x (2, 3).");
        return ExerciseResult.Wrong(name, $"({string.Join(", ", answer)}) is not it.", "In (m, k) x (k, n) the k's must match and the result is (m, n).");
    }
}
