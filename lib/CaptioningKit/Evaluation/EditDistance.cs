using Quickenshtein;

namespace CaptioningKit.Evaluation;

/// <summary>
/// Levenshtein distance for the character task: the fewest single-character insertions, deletions and substitutions
/// that turn the prediction into the target ("kitten" → "sitting" = 3). Computed by Quickenshtein.
/// </summary>
public static class EditDistance
{
    /// <summary>Levenshtein distance between two strings.</summary>
    public static int Between(string prediction, string target) => Levenshtein.GetDistance(prediction, target);

    /// <summary>Distances of a whole set of (prediction, target) pairs, summarised several ways.</summary>
    public static EditDistanceSummary Summarise(IReadOnlyList<string> predictions, IReadOnlyList<string> targets)
    {
        if (predictions.Count != targets.Count)
            throw new ArgumentException($"Got {predictions.Count} predictions for {targets.Count} targets.");
        if (predictions.Count == 0) return new EditDistanceSummary(0, 0, 0, 0, 0);
        double sum = 0, byTarget = 0, byLonger = 0;
        long targetCharacters = 0, exact = 0;
        for (var i = 0; i < predictions.Count; i++)
        {
            var d = Between(predictions[i], targets[i]);
            sum += d;
            byTarget += (double)d / Math.Max(1, targets[i].Length);
            byLonger += (double)d / Math.Max(1, Math.Max(targets[i].Length, predictions[i].Length));
            targetCharacters += targets[i].Length;
            if (d == 0) exact++;
        }
        var count = predictions.Count;
        return new EditDistanceSummary(
            Mean: sum / count,
            MeanNormalisedByTarget: byTarget / count,
            MeanNormalisedByLonger: byLonger / count,
            CharacterErrorRate: sum / Math.Max(1, targetCharacters),
            ExactMatch: (double)exact / count);
    }

    /// <summary>Mean Levenshtein distance over the pairs.</summary>
    public static double Mean(IReadOnlyList<string> predictions, IReadOnlyList<string> targets) => Summarise(predictions, targets).Mean;
}

/// <summary>Edit distances over a set of predictions.</summary>
/// <param name="Mean">mean distance, in characters.</param>
/// <param name="MeanNormalisedByTarget">mean of distance / target length (can exceed 1 for long wrong predictions).</param>
/// <param name="MeanNormalisedByLonger">mean of distance / max(prediction, target length): always in [0, 1].</param>
/// <param name="CharacterErrorRate">total distance / total target characters (the usual CER).</param>
/// <param name="ExactMatch">share of predictions equal to their target.</param>
public sealed record EditDistanceSummary(double Mean, double MeanNormalisedByTarget, double MeanNormalisedByLonger, double CharacterErrorRate, double ExactMatch);
