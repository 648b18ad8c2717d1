namespace CaptioningKit.Data;

/// <summary>What an extraction did.</summary>
/// <param name="TargetDirectory">Where the archive's contents now are.</param>
/// <param name="Entries">Files and folders written (0 when skipped).</param>
/// <param name="Bytes">Uncompressed bytes written (0 when skipped).</param>
/// <param name="AlreadyExtracted">True when a completion marker showed it was done before: nothing was written.</param>
public sealed record ExtractionResult(string TargetDirectory, int Entries, long Bytes, bool AlreadyExtracted);
