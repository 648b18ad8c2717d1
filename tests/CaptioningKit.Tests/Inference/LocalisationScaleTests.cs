using CaptioningKit.Data;
using CaptioningKit.Data.Generated;
using CaptioningKit.Evaluation;
using CaptioningKit.Inference;
using CaptioningKit.Model;
using CaptioningKit.Tests.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace CaptioningKit.Tests.Inference;

/// <summary>Attention localisation maps grid cells onto the image FILE (where the object boxes are), whatever size the
/// model resizes it to: the shapes scenes are 64x64 files, a photo encoder sees them at 224x224.</summary>
[Collection(TorchRandomCollection.Name)]
public class LocalisationScaleTests
{
    [Fact]
    public void Cells_map_to_the_files_own_pixels_when_the_model_input_is_larger()
    {
        var vocab = TinyShapes.Vocab();
        torch.manual_seed(4);
        var config = TinyShapes.Config(vocab.Size) with { ImageWidth = 160, ImageHeight = 160 }; // files are 64x64
        using var model = new Captioner(config, CPU);
        var test = TinyShapes.Split(Split.Test);

        var scores = DatasetEvaluation.Run(model, vocab, test, CPU, beamWidth: 1, datasetFolder: TinyShapes.Folder);

        var boxes = ObjectBoxesCsv.ByImage(ObjectBoxesCsv.Read(TinyShapes.Folder));
        var objectWords = boxes.Values.SelectMany(b => b).SelectMany(b => b.Words).ToHashSet(StringComparer.OrdinalIgnoreCase);
        AttendedCaption At(GeneratedCaption c, double size) => new(c.Words, c.Weights.Select(w => (IReadOnlyList<float>)w).ToList(), size, size,
            boxes.GetValueOrDefault(Path.GetFileName(c.Item.ImagePath), []));
        var inFilePixels = AttentionLocalisation.Score(scores.GreedyCaptions.Select(c => At(c, 64)), config.GridRows, config.GridColumns, objectWords);
        var inModelPixels = AttentionLocalisation.Score(scores.GreedyCaptions.Select(c => At(c, 160)), config.GridRows, config.GridColumns, objectWords);

        Assert.True(inFilePixels.ObjectWords > 0, "the untrained model named no object; the test needs some");
        Assert.Equal(inFilePixels.Share, scores.AttentionLocalisation);
        Assert.NotEqual(inModelPixels.Share, inFilePixels.Share); // the scale matters for these captions, so the test can tell
    }
}
