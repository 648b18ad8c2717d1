namespace CaptioningKit.Display;

/// <summary>Images with their captions, laid out in rows of <see cref="Columns"/>.</summary>
public sealed class ImageGrid(IEnumerable<ImageView> images, int columns = 4, string? title = null) : IHtmlView
{
    public IReadOnlyList<ImageView> Images { get; } = images.ToList();
    public int Columns { get; } = columns > 0 ? columns : throw new ArgumentOutOfRangeException(nameof(columns), "A grid needs at least one column.");
    public string? Title { get; } = title;

    public string ToFragmentHtml() =>
        (Title is null ? "" : $"<h3>{System.Net.WebUtility.HtmlEncode(Title)}</h3>") +
        $"<div style=\"display:grid;grid-template-columns:repeat({Columns},max-content);gap:8px\">" +
        string.Concat(Images.Select(i => i.ToFragmentHtml())) + "</div>";

    public string ToNotebookHtml() => ToFragmentHtml();

    public override string ToString() => $"Grid of {Images.Count} images";
}
