namespace CaptioningKit.Evaluation;

/// <summary>Corpus BLEU-1..4 (uniform weights over 1..n-grams).</summary>
public sealed record BleuScores(double Bleu1, double Bleu2, double Bleu3, double Bleu4)
{
    public override string ToString() => $"BLEU-1 {Bleu1:F4}  BLEU-2 {Bleu2:F4}  BLEU-3 {Bleu3:F4}  BLEU-4 {Bleu4:F4}";
}
