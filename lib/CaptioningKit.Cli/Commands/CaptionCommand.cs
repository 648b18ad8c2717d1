using System.CommandLine;
using CaptioningKit.Demo;
using CaptioningKit.Display;
using CaptioningKit.Inference;
using CaptioningKit.Model;

namespace CaptioningKit.Cli.Commands;

/// <summary><c>caption &lt;image&gt;...</c>: caption image files with a trained checkpoint; optionally save attention maps.</summary>
static class CaptionCommand
{
    public static Command Create()
    {
        var images = new Argument<FileInfo[]>("image") { Description = "Image files (PNG, JPEG …)", Arity = ArgumentArity.OneOrMore };
        var checkpoint = new Option<string>("--checkpoint") { Description = "A checkpoint written by train or demo", DefaultValueFactory = _ => Path.Combine("runs", "demo", "checkpoints", "best.safetensors") };
        var beam = new Option<int>("--beam") { Description = "Beam width (1 = greedy)", DefaultValueFactory = _ => 3 }.AtLeast(1);
        var attention = new Option<string?>("--attention") { Description = "Write an HTML page with one attention map per word to this file" };
        var device = CommonOptions.Device();
        var command = new Command("caption", "Caption image files with a trained model") { images, checkpoint, beam, attention, device };
        command.SetAction(result =>
        {
            var firstImage = result.GetValue(images)![0].FullName;
            _ = Task.Run(() => CompileImagePath(firstImage)); // on the other core, while libtorch loads
            Kit.Initialize(result.GetValue(device));
            var checkpointPath = result.GetValue(checkpoint)!;
            var (model, vocab, _) = Captioner.Load(checkpointPath, Kit.Device);
            if (result.GetValue(attention) is { } wanted)
            {
                if (!model.Config.Attention)
                    throw new ArgumentException($"--attention: the checkpoint '{checkpointPath}' was trained without attention (--no-attention), so it has no attention maps to draw. Fix: drop --attention, or use a checkpoint trained with attention.");
                AtomicFile.CheckTarget(Path.GetFullPath(wanted), "--attention"); // before any image is captioned
            }
            var files = result.GetValue(images)!.Select(f => f.FullName).ToList();
            var captions = ImageCaptioning.Files(model, files, vocab, Kit.Device, beamWidth: result.GetValue(beam));
            var characters = vocab.Level == Vocabulary.VocabularyLevel.Char;
            foreach (var c in captions) Console.WriteLine($"{c.Item.ImagePath}\t{c.Text(characters)}");
            if (result.GetValue(attention) is { } page)
            {
                var views = captions.SelectMany(c => RunCharts.AttentionPanels(c, model.Config.GridRows, model.Config.GridColumns, model.Config.Transform.Clean).Cast<IHtmlView>()).ToList();
                Console.WriteLine($"Attention maps: {HtmlPage.Write(page, "Where the model looked", views)}");
            }
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Decodes and transforms the first image once and throws the result away, so that .NET has compiled the image path
    /// (ImageSharp's JPEG/PNG decoder and resampler, the kit's crop and normalisation) by the time the caption needs it.
    /// It runs while <see cref="Kit.Initialize"/> loads libtorch (half a second on one core), so a cold `caption` no
    /// longer waits for those first compiles (bench/README.md, cold start). Only the image code: nothing here may touch
    /// TorchSharp before the kit has loaded it. Any problem with the file is left to the caption, which reports it.
    /// </summary>
    static void CompileImagePath(string path)
    {
        try
        {
            using var image = Images.ImageLoader.Load(path);
            foreach (var transform in new[] { Images.ImageTransform.Evaluation(224, 256), Images.ImageTransform.Fixed(64, 64) })
                transform.Apply(image.Image, [], new Random(0), new float[transform.FloatsPerImage]);
        }
        catch (Exception) { } // reported by the caption itself
    }
}
