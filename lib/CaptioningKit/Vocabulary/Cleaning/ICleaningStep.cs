namespace CaptioningKit.Vocabulary.Cleaning;

/// <summary>
/// One named rule of a <see cref="CleaningPipeline"/>. It rewrites the token list in place and reports every token
/// it removes, so the build report can say how much each rule threw away.
/// </summary>
public interface ICleaningStep
{
    /// <summary>The rule's name, as stored in vocabulary files and shown in reports: "lowercase", "strip-punctuation".</summary>
    string Name { get; }

    /// <summary>What the rule does, in one sentence for a learner.</summary>
    string Description { get; }

    /// <summary>Applies the rule to <paramref name="tokens"/>, calling <paramref name="dropped"/> with each token removed.</summary>
    void Apply(List<string> tokens, Action<string>? dropped);
}
