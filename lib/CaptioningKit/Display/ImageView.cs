using System.Net;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SixLabors.ImageSharp;

namespace CaptioningKit.Display;

/// <summary>An image (PNG, embedded as a data URI) with an optional caption, shown at <see cref="DisplayWidth"/> pixels wide.</summary>
public sealed class ImageView : IHtmlView
{
    public ImageView(byte[] png, int width, int height, string? caption = null, int? displayWidth = null)
    {
        if (png.Length < 8 || png[0] != 0x89 || png[1] != (byte)'P')
            throw new ArgumentException("ImageView needs PNG bytes; use ImageView.FromFile or ImageView.FromImage for other sources.");
        (Png, Width, Height, Caption) = (png, width, height, caption);
        DisplayWidth = displayWidth ?? Math.Clamp(width, 128, 320);
    }

    public byte[] Png { get; }
    public int Width { get; }
    public int Height { get; }
    public string? Caption { get; }
    public int DisplayWidth { get; }

    /// <summary>An ImageSharp image, downscaled to at most <paramref name="maxSide"/> pixels on its longer side.</summary>
    public static ImageView FromImage(Image image, string? caption = null, int maxSide = 512, int? displayWidth = null)
    {
        using var copy = image.CloneAs<Rgba32>();
        copy.Metadata.ExifProfile = null; // the pixels are shown as they are: a browser must not rotate them again
        if (Math.Max(copy.Width, copy.Height) > maxSide)
            copy.Mutate(c => c.Resize(new ResizeOptions { Mode = ResizeMode.Max, Size = new Size(maxSide, maxSide) }));
        using var ms = new MemoryStream();
        copy.Save(ms, new PngEncoder());
        return new ImageView(ms.ToArray(), copy.Width, copy.Height, caption, displayWidth);
    }

    /// <summary>An image file (any format ImageSharp reads), EXIF orientation applied, downscaled for display.</summary>
    public static ImageView FromFile(string path, string? caption = null, int maxSide = 512, int? displayWidth = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Image not found: {path}. Check the path (relative paths start at {Directory.GetCurrentDirectory()}).", path);
        try
        {
            using var image = Image.Load(path);
            image.Mutate(c => c.AutoOrient());
            return FromImage(image, caption, maxSide, displayWidth);
        }
        catch (Exception e) when (e is UnknownImageFormatException or InvalidImageContentException or NotSupportedException)
        {
            throw new InvalidDataException($"{path} is not a readable image ({e.Message}). Fix: check the file is a complete PNG or JPEG.", e);
        }
    }

    public string ToFragmentHtml() =>
        $"<figure style=\"margin:4px\"><img src=\"data:image/png;base64,{Convert.ToBase64String(Png)}\" width=\"{DisplayWidth}\" style=\"border:1px solid #ccc;image-rendering:{(Width < DisplayWidth ? "pixelated" : "auto")}\" alt=\"{WebUtility.HtmlEncode(Caption ?? "image")}\"/>" +
        (Caption is null ? "" : $"<figcaption style=\"max-width:{DisplayWidth}px;overflow-wrap:anywhere\">{WebUtility.HtmlEncode(Caption).Replace("\n", "<br/>")}</figcaption>") + "</figure>";

    public string ToNotebookHtml() => ToFragmentHtml();

    public override string ToString() => $"Image {Width}x{Height}" + (Caption is null ? "" : $": {Caption}");
}

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
