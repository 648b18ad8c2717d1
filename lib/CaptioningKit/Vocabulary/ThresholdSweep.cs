namespace CaptioningKit.Vocabulary;

/// <summary>One threshold of a <see cref="ThresholdSweep"/>: the vocabulary size (specials included) and the share of
/// training and validation tokens that become &lt;unk&gt;.</summary>
public sealed record ThresholdPoint(int Threshold, int VocabularySize, double TrainUnknownShare, double ValUnknownShare);

/// <summary>
/// The trade-off of the frequency threshold: for each threshold, build the vocabulary from the training captions and
/// measure how many tokens turn into &lt;unk&gt; in training and in validation. A higher threshold gives a smaller
/// output layer (faster, fewer rare words to learn from a handful of examples) but more &lt;unk&gt;.
/// </summary>
public static class ThresholdSweep
{
    public static IReadOnlyList<ThresholdPoint> Run(IReadOnlyCollection<string> trainCaptions, IReadOnlyCollection<string> valCaptions,
        IEnumerable<int> thresholds, VocabularyOptions? options = null)
    {
        options ??= new VocabularyOptions();
        return thresholds.Select(t =>
        {
            var (vocab, report) = VocabularyBuilder.Build(trainCaptions, options with { MinCount = t });
            return new ThresholdPoint(t, vocab.Size, report.UnknownShare, vocab.UnknownShare(valCaptions));
        }).ToList();
    }
}
