using System.Text.Json;
using System.Text.Json.Serialization;

namespace CaptioningKit.Data.Generated;

/// <summary>
/// dataset.json: which generator made a folder and with which settings. Written last, so a folder with a manifest
/// is complete; compared on the next run to decide whether the folder is up to date.
/// </summary>
public sealed record DatasetManifest(
    [property: JsonPropertyName("generator")] string Generator,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("seed")] int Seed,
    [property: JsonPropertyName("train")] int Train,
    [property: JsonPropertyName("val")] int Val,
    [property: JsonPropertyName("test")] int Test,
    [property: JsonPropertyName("width")] int Width,
    [property: JsonPropertyName("height")] int Height,
    [property: JsonPropertyName("captionsPerImage")] int CaptionsPerImage)
{
    public const string FileName = "dataset.json";

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The manifest in <paramref name="folder"/>, or null when there is none or it cannot be read (then the folder is regenerated).</summary>
    public static DatasetManifest? TryRead(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) return null;
        try { return JsonSerializer.Deserialize<DatasetManifest>(File.ReadAllText(path), Json); }
        catch (JsonException) { return null; }
    }
}
