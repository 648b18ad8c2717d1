namespace CaptioningKit.Data;

/// <summary>
/// What a <c>--dataset</c> path names, once <see cref="CaptionDatasets.Resolve"/> has looked: the caption
/// <paramref name="Format"/> (one of <see cref="CaptionDatasets.Formats"/>) and the one <paramref name="File"/> its reader takes.
/// </summary>
public sealed record DatasetSource(string Format, string File);
