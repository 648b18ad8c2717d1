using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CaptioningKit.Data.Generated;

/// <summary>One tiny sample dataset in a real format: its <see cref="CaptionDatasets"/> format name, the path to load, and the captions file to look at.</summary>
public sealed record FormatSample(string Format, string Title, string LoadPath, string CaptionsFile);

/// <summary>
/// Writes the same two pictures with the same captions in every format the kit reads (Flickr8k token file, Kaggle's
/// captions.txt, COCO JSON, Karpathy JSON, the user's own folder), plus a BMS labels file of two molecules, each with
/// its images where the format expects them, so notebook 01 can load them all with <see cref="CaptionDatasets.Load(string, string, LoadOptions?)"/>
/// and see that they end in the same <see cref="CaptionedImage"/>s. The Flickr8k file has one malformed line (no TAB)
/// on purpose, which the <see cref="ParseReport"/> reports; every other file is clean.
/// </summary>
public static class FormatSamples
{
    /// <summary>The two pictures and their reference captions, as every word-level sample holds them.</summary>
    public static readonly IReadOnlyList<(string File, string[] Captions)> Pictures =
    [
        ("dog.jpg", ["A black dog runs on the grass .", "A dog is running outside .", "The black dog plays in a field ."]),
        ("kids.jpg", ["Two children play on the beach .", "Kids building a sandcastle .", "Two young girls are playing in the sand ."]),
    ];

    /// <summary>The line of the Flickr8k sample that is malformed on purpose (1-based).</summary>
    public const int MalformedFlickr8kLine = 4;

    /// <summary>Writes every sample under <paramref name="folder"/> (one sub-folder per format) and returns them in display order.</summary>
    public static IReadOnlyList<FormatSample> WriteAll(string folder)
    {
        Directory.CreateDirectory(folder);
        return [Flickr8k(folder), KaggleCaptions(folder), Coco(folder), Karpathy(folder), OwnFolder(folder), Bms(folder)];
    }

    static FormatSample Flickr8k(string root)
    {
        var dir = Path.Combine(root, "flickr8k");
        var lines = new List<string>();
        foreach (var (file, captions) in Pictures)
            lines.AddRange(captions.Select((c, n) => $"{file}#{n}\t{c}"));
        lines.Insert(MalformedFlickr8kLine - 1, "kids.jpg#9 a line whose TAB was lost in copying");
        Write(Path.Combine(dir, "Flickr8k.token.txt"), string.Join('\n', lines) + "\n");
        Write(Path.Combine(dir, "Flickr_8k.trainImages.txt"), "dog.jpg\n");
        Write(Path.Combine(dir, "Flickr_8k.devImages.txt"), "kids.jpg\n");
        Write(Path.Combine(dir, "Flickr_8k.testImages.txt"), "");
        Images(Path.Combine(dir, "Flicker8k_Dataset"));
        return new(CaptionDatasets.Flickr8k, "Flickr8k (Flickr8k.token.txt + split lists)", dir, Path.Combine(dir, "Flickr8k.token.txt"));
    }

    static FormatSample KaggleCaptions(string root)
    {
        var dir = Path.Combine(root, "kaggle-flickr8k");
        var sb = new StringBuilder("image,caption\n");
        foreach (var (file, captions) in Pictures)
            foreach (var c in captions) sb.Append(file).Append(',').Append(Quote(c)).Append('\n');
        Write(Path.Combine(dir, "captions.txt"), sb.ToString());
        Images(Path.Combine(dir, "Images"));
        return new(CaptionDatasets.CaptionsCsv, "Kaggle Flickr8k (captions.txt, no split column)", dir, Path.Combine(dir, "captions.txt"));
    }

    static FormatSample Coco(string root)
    {
        var dir = Path.Combine(root, "coco");
        var images = Pictures.Select((p, i) => $"    {{\"id\": {i + 1}, \"file_name\": \"{p.File}\", \"width\": 64, \"height\": 64}}");
        int n = 0;
        var annotations = Pictures.SelectMany((p, i) => p.Captions.Select(c => $"    {{\"id\": {++n + 100}, \"image_id\": {i + 1}, \"caption\": \"{c}\"}}")).ToList();
        var json = "{\n  \"info\": {\"description\": \"a tiny COCO-style sample\"},\n  \"images\": [\n" + string.Join(",\n", images) +
                   "\n  ],\n  \"annotations\": [\n" + string.Join(",\n", annotations) + "\n  ]\n}\n";
        var file = Path.Combine(dir, "annotations", "captions_val2014.json");
        Write(file, json);
        Images(Path.Combine(dir, "val2014"));
        return new(CaptionDatasets.Coco, "COCO (annotations/captions_val2014.json)", file, file);
    }

    static FormatSample Karpathy(string root)
    {
        var dir = Path.Combine(root, "karpathy");
        var images = Pictures.Select((p, i) =>
            $"  {{\"filename\": \"{p.File}\", \"split\": \"{(i == 0 ? "train" : "val")}\", \"sentences\": [\n" +
            string.Join(",\n", p.Captions.Select(c => $"    {{\"raw\": \"{c}\", \"tokens\": [{string.Join(", ", c.ToLowerInvariant().Split(' ').Where(t => t != ".").Select(t => $"\"{t}\""))}]}}")) +
            "]}");
        var file = Path.Combine(dir, "dataset_flickr8k.json");
        Write(file, "{\"dataset\": \"flickr8k\", \"images\": [\n" + string.Join(",\n", images) + "\n]}\n");
        Images(dir);
        return new(CaptionDatasets.Karpathy, "Karpathy split (dataset_flickr8k.json)", file, file);
    }

    static FormatSample OwnFolder(string root)
    {
        var dir = Path.Combine(root, "my-folder");
        var sb = new StringBuilder("image,caption,split\n");
        foreach (var ((file, captions), i) in Pictures.Select((p, i) => (p, i)))
            foreach (var c in captions) sb.Append(file).Append(',').Append(Quote(c)).Append(',').Append(i == 0 ? "train" : "val").Append('\n');
        Write(Path.Combine(dir, "captions.csv"), sb.ToString());
        Images(Path.Combine(dir, "images"));
        return new(CaptionDatasets.Folder, "Your own folder (captions.csv + images/)", dir, Path.Combine(dir, "captions.csv"));
    }

    static FormatSample Bms(string root)
    {
        var dir = Path.Combine(root, "bms");
        (string Id, string InChI)[] molecules = [("000011a64c74", "InChI=1S/C13H20OS/c1-9(2)8-15-13-6-5-10(3)7-12(13)11(4)14/h5-7,9,11,14H,8H2,1-4H3"), ("00002b6dd6a5", "InChI=1S/C2H6O/c1-2-3/h3H,2H2,1H3")];
        var sb = new StringBuilder("image_id,InChI\n");
        foreach (var (id, inchi) in molecules)
        {
            sb.Append(id).Append(",\"").Append(inchi).Append("\"\n");
            WritePng(Path.Combine(dir, "train", id[0].ToString(), id[1].ToString(), id[2].ToString(), id + ".png"));
        }
        Write(Path.Combine(dir, "train_labels.csv"), sb.ToString());
        return new(CaptionDatasets.Bms, "BMS molecules (train_labels.csv + train/a/b/c/id.png)", dir, Path.Combine(dir, "train_labels.csv"));
    }

    static string Quote(string field) => field.Contains(',') || field.Contains('"') ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;

    static void Images(string folder)
    {
        foreach (var (file, _) in Pictures) WritePng(Path.Combine(folder, file));
    }

    /// <summary>A tiny grey placeholder picture (PNG bytes, whatever the extension: the readers only check that it exists).</summary>
    static void WritePng(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var image = new Image<L8>(16, 16, new L8(200));
        image.SaveAsPng(path);
    }

    static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
