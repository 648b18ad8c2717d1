namespace CaptioningKit.Evaluation;

/// <summary>What one step of an edit script does to the prediction.</summary>
public enum EditKind { Keep, Substitute, Insert, Delete }

/// <summary>
/// One step of the script that turns a prediction into the truth.
/// </summary>
/// <param name="Kind">Keep (the character was right), Substitute, Insert (a character the prediction missed) or
/// Delete (a character the prediction has too many).</param>
/// <param name="PredictionIndex">the prediction character it reads (-1 for Insert).</param>
/// <param name="TruthIndex">the truth character it writes (-1 for Delete).</param>
/// <param name="From">the prediction character ('\0' for Insert).</param>
/// <param name="To">the truth character ('\0' for Delete).</param>
public readonly record struct EditOperation(EditKind Kind, int PredictionIndex, int TruthIndex, char From, char To)
{
    public override string ToString() => Kind switch
    {
        EditKind.Keep => $"keep '{From}'",
        EditKind.Substitute => $"'{From}' → '{To}' at {PredictionIndex}",
        EditKind.Insert => $"insert '{To}' at {PredictionIndex}",
        _ => $"delete '{From}' at {PredictionIndex}",
    };
}

/// <summary>
/// The Levenshtein alignment of a prediction with the truth, step by step: the edits whose count is the edit distance
/// (<see cref="EditDistance.Between"/>), and the kept characters between them. The Kaggle molecule task scored the mean
/// of that count per image; this shows which characters it counts.
/// </summary>
public static class EditOperations
{
    /// <summary>A shortest edit script from <paramref name="prediction"/> to <paramref name="truth"/>, in reading order
    /// (Keep steps included): its non-Keep steps number exactly the Levenshtein distance. Ties prefer Keep/Substitute,
    /// then Delete, then Insert, so the same pair always gives the same script.</summary>
    public static IReadOnlyList<EditOperation> Between(string prediction, string truth)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(truth);
        int n = prediction.Length, m = truth.Length;
        var d = new int[n + 1, m + 1];                 // d[i, j]: distance between prediction[..i] and truth[..j]
        for (var i = 0; i <= n; i++) d[i, 0] = i;
        for (var j = 0; j <= m; j++) d[0, j] = j;
        for (var i = 1; i <= n; i++)
            for (var j = 1; j <= m; j++)
                d[i, j] = Math.Min(d[i - 1, j - 1] + (prediction[i - 1] == truth[j - 1] ? 0 : 1), Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1));
        var script = new List<EditOperation>(Math.Max(n, m));
        int a = n, b = m;
        while (a > 0 || b > 0)
        {
            if (a > 0 && b > 0 && d[a, b] == d[a - 1, b - 1] + (prediction[a - 1] == truth[b - 1] ? 0 : 1))
            {
                var same = prediction[a - 1] == truth[b - 1];
                script.Add(new EditOperation(same ? EditKind.Keep : EditKind.Substitute, a - 1, b - 1, prediction[a - 1], truth[b - 1]));
                a--; b--;
            }
            else if (a > 0 && d[a, b] == d[a - 1, b] + 1)
            {
                script.Add(new EditOperation(EditKind.Delete, a - 1, -1, prediction[a - 1], '\0'));
                a--;
            }
            else
            {
                script.Add(new EditOperation(EditKind.Insert, a, b - 1, '\0', truth[b - 1]));
                b--;
            }
        }
        script.Reverse();
        return script;
    }

    /// <summary>The edits only (no Keep steps): as many as the Levenshtein distance.</summary>
    public static IReadOnlyList<EditOperation> Edits(string prediction, string truth) =>
        Between(prediction, truth).Where(o => o.Kind != EditKind.Keep).ToList();

    /// <summary>Applies a script to <paramref name="prediction"/>: the truth it was made for.</summary>
    public static string Apply(string prediction, IEnumerable<EditOperation> script)
    {
        var sb = new System.Text.StringBuilder();
        var next = 0; // the next prediction character not yet read
        foreach (var op in script)
        {
            if (op.Kind != EditKind.Insert && op.PredictionIndex != next)
                throw new ArgumentException($"The edit script reads prediction character {op.PredictionIndex} but {next} is next; use a script made by EditOperations.Between for this prediction.");
            if (op.Kind is EditKind.Keep or EditKind.Substitute or EditKind.Insert) sb.Append(op.To);
            if (op.Kind != EditKind.Insert) next++;
        }
        if (next != prediction.Length) throw new ArgumentException($"The edit script reads {next} of the prediction's {prediction.Length} characters; use a script made by EditOperations.Between for this prediction.");
        return sb.ToString();
    }
}
