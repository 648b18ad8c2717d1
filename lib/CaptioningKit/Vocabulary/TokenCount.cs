namespace CaptioningKit.Vocabulary;

/// <summary>A token and how many times it occurred.</summary>
public sealed record TokenCount(string Token, int Count);
