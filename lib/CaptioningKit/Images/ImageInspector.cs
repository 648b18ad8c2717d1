using System.Text.Json.Serialization;
using System.Text.Json;
using CaptioningKit.Data;

namespace CaptioningKit.Images;

/// <summary>
/// The one call behind `images inspect &lt;folder&gt; [--json]`: loads every image file of a folder through the
/// same pipeline training uses and reports each one. Never throws for a bad image; it becomes a row with its error.
/// </summary>
public static class ImageInspector
{
    /// <summary>Inspects every image file under <paramref name="folder"/> (recursively), sorted by path. Width/Height are after orientation.</summary>
    public static IReadOnlyList<ImageInspection> Inspect(string folder, ImageLoadOptions? options = null, IProgress<ImageInspection>? progress = null)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"The folder '{folder}' does not exist.");
        var files = FileTree.Files(folder, f => CaptionDatasets.ImageExtensions.Contains(Path.GetExtension(f))); // link loops walked once, each file once
        var results = new ImageInspection[files.Count];
        Parallel.For(0, files.Count, i =>
        {
            results[i] = InspectFile(files[i], Path.GetRelativePath(folder, files[i]), options);
            progress?.Report(results[i]);
        });
        return results;
    }

    /// <summary>One file; <paramref name="displayName"/> is what the row shows (the relative path).</summary>
    public static ImageInspection InspectFile(string path, string? displayName = null, ImageLoadOptions? options = null)
    {
        var name = displayName ?? path;
        try
        {
            using var image = ImageLoader.Load(path, options);
            var i = image.Info;
            return new ImageInspection(name, true, image.Width, image.Height, i.Format, i.ColourType, i.Orientation.Description, null, null);
        }
        catch (ImageLoadException e)
        {
            return new ImageInspection(name, false, null, null, null, null, null, e.Problem, e.Message);
        }
    }

    /// <summary>The rows as indented JSON (camelCase, problems as names) for `--json`.</summary>
    public static string ToJson(IReadOnlyList<ImageInspection> rows) => JsonSerializer.Serialize(rows, JsonOptions);

    static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };
}

/// <summary>
/// One row of `images inspect`: the file, and either its size, format, colour type and the orientation applied, or
/// the problem and the clear error message.
/// </summary>
public sealed record ImageInspection(
    string File,
    bool Ok,
    int? Width,
    int? Height,
    string? Format,
    string? ColourType,
    string? Orientation,
    ImageLoadProblem? Problem,
    string? Error);

/// <summary>
/// What the header said about a file: its format ("JPEG", "PNG"...), colour type in words ("RGB", "greyscale",
/// "palette", "RGB with alpha", "CMYK", "16-bit greyscale"...), its size as stored, and the EXIF orientation applied.
/// </summary>
public sealed record ImageFileInfo(string Format, string ColourType, int StoredWidth, int StoredHeight, ExifOrientation Orientation);
