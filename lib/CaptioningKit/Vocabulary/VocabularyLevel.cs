namespace CaptioningKit.Vocabulary;

/// <summary>What one token is: a cleaned word (natural captions) or one character (formulas, InChI strings).</summary>
public enum VocabularyLevel { Word, Char }
