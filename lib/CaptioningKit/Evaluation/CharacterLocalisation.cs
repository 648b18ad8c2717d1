using CaptioningKit.Data.Generated;

namespace CaptioningKit.Evaluation;

/// <summary>One generated formula with where the decoder looked for each character, and where the truth's characters are.</summary>
/// <param name="Generated">the generated characters (no specials).</param>
/// <param name="Weights">per generated character, its attention weights over the grid, row-major (gridRows*gridColumns numbers).</param>
/// <param name="Truth">the true formula.</param>
/// <param name="Boxes">the box of each truth character, in the pixels of a <paramref name="ImageWidth"/> x
/// <paramref name="ImageHeight"/> image (the frame the attention grid covers).</param>
public sealed record AttendedFormula(string Generated, IReadOnlyList<IReadOnlyList<float>> Weights, string Truth, IReadOnlyList<PixelBox> Boxes,
    double ImageWidth, double ImageHeight);

/// <summary>
/// Character localisation for the formulas: does the decoder look at the character it writes? Each generated
/// character is matched to a truth character by the Levenshtein alignment (<see cref="EditOperations"/>: kept and
/// substituted characters have a partner; an extra character has none and counts as a miss). It is a hit when its most-attended grid
/// cell overlaps its partner's box. The score is the share of hits among all generated characters. A cell (row r,
/// column c) of a rows x columns grid over a W x H image covers [c W / columns, (c + 1) W / columns) x [r H / rows, (r + 1) H / rows).
/// </summary>
public static class CharacterLocalisation
{
    public static LocalisationScore Score(IEnumerable<AttendedFormula> formulas, int gridRows, int gridColumns)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gridRows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(gridColumns, 1);
        int hits = 0, counted = 0;
        foreach (var f in formulas)
        {
            if (f.Weights.Count != f.Generated.Length)
                throw new ArgumentException($"'{f.Generated}' has {f.Generated.Length} characters but {f.Weights.Count} attention maps.");
            if (f.Boxes.Count != f.Truth.Length)
                throw new ArgumentException($"'{f.Truth}' has {f.Truth.Length} characters but {f.Boxes.Count} boxes.");
            foreach (var op in EditOperations.Between(f.Generated, f.Truth))
            {
                if (op.Kind == EditKind.Insert) continue; // a missed character was never generated: nothing to score
                counted++;
                if (op.Kind == EditKind.Delete) continue; // an extra character has no box to look at
                var cell = MostAttendedCell(f.Weights[op.PredictionIndex], gridRows, gridColumns, f.ImageWidth, f.ImageHeight);
                if (Overlaps(cell, f.Boxes[op.TruthIndex])) hits++;
            }
        }
        return new LocalisationScore(hits, counted);
    }

    /// <summary>The pixel rectangle (x0, y0, x1, y1; x1 and y1 exclusive) of the cell with the largest weight (the first on ties).</summary>
    public static (double X0, double Y0, double X1, double Y1) MostAttendedCell(IReadOnlyList<float> weights, int gridRows, int gridColumns, double imageWidth, double imageHeight)
    {
        var (row, column) = AttentionLocalisation.MostAttendedCellIndex(weights, gridRows, gridColumns);
        double w = imageWidth / gridColumns, h = imageHeight / gridRows;
        return (column * w, row * h, (column + 1) * w, (row + 1) * h);
    }

    static bool Overlaps((double X0, double Y0, double X1, double Y1) cell, PixelBox box) =>
        cell.X0 < box.X1 && box.X0 < cell.X1 && cell.Y0 < box.Y1 && box.Y0 < cell.Y1;
}
