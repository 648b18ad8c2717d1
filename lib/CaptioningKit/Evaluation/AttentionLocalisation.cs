using CaptioningKit.Data.Generated;

namespace CaptioningKit.Evaluation;

/// <summary>One generated caption with where the decoder looked for each word, and the image's objects.</summary>
/// <param name="Words">the generated words (specials may be present; they are never object words).</param>
/// <param name="Weights">per word, its attention weights over the grid, row-major: gridHeight*gridWidth numbers.</param>
/// <param name="ImageWidth">image width in pixels.</param>
/// <param name="ImageHeight">image height in pixels.</param>
/// <param name="Objects">the ground-truth objects of the image.</param>
public sealed record AttendedCaption(
    IReadOnlyList<string> Words, IReadOnlyList<IReadOnlyList<float>> Weights, double ImageWidth, double ImageHeight, IReadOnlyList<ObjectBox> Objects);

/// <summary>How often the decoder looked at the object it named.</summary>
/// <param name="Hits">object words whose most-attended cell's centre lies in a box of an object the word names.</param>
/// <param name="ObjectWords">generated words that name an object (see <see cref="AttentionLocalisation.Score"/>).</param>
public sealed record LocalisationScore(int Hits, int ObjectWords)
{
    /// <summary>Hits / ObjectWords; null when no object word was generated.</summary>
    public double? Share => ObjectWords == 0 ? null : (double)Hits / ObjectWords;
}

/// <summary>
/// Attention localisation on the shapes set: for each generated word that names an object (its colour or its shape,
/// e.g. "red" or "circle"), find the grid cell the decoder attended to most when it produced the word, take the centre
/// of that cell in image pixels, and count a hit when the centre lies inside the box of an object the word names.
/// The score is the share of hits. A grid cell (row r, column c) of a gridHeight x gridWidth grid over a W x H image
/// has its centre at ((c + 0.5) W / gridWidth, (r + 0.5) H / gridHeight).
/// </summary>
public static class AttentionLocalisation
{
    /// <param name="captions">the captions to score.</param>
    /// <param name="gridHeight">rows of the attention grid.</param>
    /// <param name="gridWidth">columns of the attention grid.</param>
    /// <param name="objectVocabulary">all colour and shape words of the data set. A generated word from this set that
    /// names no object of its image (a hallucinated object) counts as a miss. When null, only words naming an object
    /// present in the image count.</param>
    public static LocalisationScore Score(
        IEnumerable<AttendedCaption> captions, int gridHeight, int gridWidth, IReadOnlySet<string>? objectVocabulary = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gridHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(gridWidth, 1);
        int hits = 0, counted = 0;
        foreach (var caption in captions)
        {
            if (caption.Weights.Count != caption.Words.Count)
                throw new ArgumentException($"A caption has {caption.Words.Count} words but {caption.Weights.Count} attention maps.");
            for (var w = 0; w < caption.Words.Count; w++)
            {
                var word = caption.Words[w];
                var named = caption.Objects.Where(o => o.IsNamedBy(word)).ToList();
                var isObjectWord = named.Count > 0 || (objectVocabulary?.Contains(word.ToLowerInvariant()) ?? false);
                if (!isObjectWord) continue;
                counted++;
                var (x, y) = MostAttendedCellCentre(caption.Weights[w], gridHeight, gridWidth, caption.ImageWidth, caption.ImageHeight);
                if (named.Any(o => o.Box.Contains(x, y))) hits++;
            }
        }
        return new LocalisationScore(hits, counted);
    }

    /// <summary>Centre, in image pixels, of the cell with the largest weight (the first one on ties).</summary>
    public static (double X, double Y) MostAttendedCellCentre(IReadOnlyList<float> weights, int gridHeight, int gridWidth, double imageWidth, double imageHeight)
    {
        var (row, column) = MostAttendedCellIndex(weights, gridHeight, gridWidth);
        return ((column + 0.5) * imageWidth / gridWidth, (row + 0.5) * imageHeight / gridHeight);
    }

    /// <summary>Row and column of the cell with the largest weight (the first one on ties), weights in row-major order.</summary>
    public static (int Row, int Column) MostAttendedCellIndex(IReadOnlyList<float> weights, int gridHeight, int gridWidth)
    {
        if (weights.Count != gridHeight * gridWidth)
            throw new ArgumentException($"Expected {gridHeight}x{gridWidth} = {gridHeight * gridWidth} attention weights, got {weights.Count}.");
        var best = 0;
        for (var i = 1; i < weights.Count; i++)
            if (weights[i] > weights[best]) best = i;
        return (best / gridWidth, best % gridWidth);
    }
}
