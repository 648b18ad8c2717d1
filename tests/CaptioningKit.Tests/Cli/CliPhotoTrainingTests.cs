using SixLabors.ImageSharp;
using Xunit;
using static CaptioningKit.Tests.Cli.CliRun;

namespace CaptioningKit.Tests.Cli;

/// <summary>
/// The Flickr8k recipe from the command line, offline: a Flickr8k-layout folder (token file, split lists,
/// Flicker8k_Dataset/ of JPEGs), <c>train --encoder resnet18-imagenet</c> (features cached once, decoder trained from
/// the cache), then <c>caption</c> and <c>evaluate</c> with the checkpoint, which run the same encoder on the image files.
/// </summary>
[Collection(CliCollection.Name)]
public sealed class CliPhotoTrainingTests(CliFiles files)
{
    string Flickr8kFolder()
    {
        var root = files.NewFolder("flickr8k");
        var images = Directory.CreateDirectory(Path.Combine(root, "Flicker8k_Dataset")).FullName;
        var pngs = Directory.EnumerateFiles(Path.Combine(files.Dataset, "images")).Order(StringComparer.Ordinal).ToList();
        var names = new List<string>();
        foreach (var (png, i) in pngs.Select((p, i) => (p, i)))
        {
            var name = $"{1000 + i}_stand_in.jpg";
            using (var image = Image.Load(png)) image.SaveAsJpeg(Path.Combine(images, name));
            names.Add(name);
        }
        File.WriteAllLines(Path.Combine(root, "Flickr8k.token.txt"),
            names.SelectMany((n, i) => new[] { $"{n}#0\ta {(i % 2 == 0 ? "red" : "blue")} circle on the left .", $"{n}#1\ta small {(i % 2 == 0 ? "red" : "blue")} circle ." }));
        File.WriteAllLines(Path.Combine(root, "Flickr_8k.trainImages.txt"), names.Take(names.Count - 2));
        File.WriteAllLines(Path.Combine(root, "Flickr_8k.devImages.txt"), names.Skip(names.Count - 2).Take(1));
        File.WriteAllLines(Path.Combine(root, "Flickr_8k.testImages.txt"), names.Skip(names.Count - 1));
        return root;
    }

    [Fact]
    public async Task Train_on_a_flickr8k_folder_with_the_pretrained_encoder_caches_then_captions_and_evaluates()
    {
        var dataset = Flickr8kFolder();
        var cache = Path.Combine(files.NewFolder("cache"), "features");
        var runs = files.NewFolder("runs");
        var train = await Run("train", "--dataset", dataset, "--encoder", "resnet18-imagenet", "--epochs", "1", "--batch-size", "4",
            "--feature-cache", cache, "--out", runs);
        Assert.True(train.ExitCode == 0, train.ToString());
        Assert.Contains("Feature cache (Float16, 8 images)", train.Output);
        Assert.Contains("built (no cache yet)", train.Output);
        Assert.True(File.Exists(Path.Combine(cache, "features.f16")));

        var checkpoint = Path.Combine(runs, "best.safetensors");
        var image = Directory.EnumerateFiles(Path.Combine(dataset, "Flicker8k_Dataset")).Order(StringComparer.Ordinal).Last();
        var caption = await Run("caption", image, "--checkpoint", checkpoint);
        Assert.True(caption.ExitCode == 0, caption.ToString());
        Assert.Contains(Path.GetFileName(image), caption.Output);

        var evaluate = await Run("evaluate", "--dataset", dataset, "--checkpoint", checkpoint);
        Assert.True(evaluate.ExitCode == 0, evaluate.ToString());
        Assert.Contains("\"Bleu4\"", evaluate.Output, StringComparison.OrdinalIgnoreCase);

        var again = await Run("train", "--dataset", dataset, "--encoder", "resnet18-imagenet", "--epochs", "1", "--batch-size", "4",
            "--feature-cache", cache, "--out", files.NewFolder("runs2"));
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("reused", again.Output); // nothing encoded twice
    }
}
