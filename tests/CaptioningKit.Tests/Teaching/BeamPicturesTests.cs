using System.Xml.Linq;
using CaptioningKit.Data;
using CaptioningKit.Inference;
using CaptioningKit.Model;
using CaptioningKit.Teaching;
using CaptioningKit.Tests.Training;
using Xunit;

namespace CaptioningKit.Tests.Teaching;

[Collection(TorchRandomCollection.Name)]
public class BeamPicturesTests
{
    [Fact]
    public void The_tree_of_a_real_decode_ends_in_the_caption_beam_search_returns()
    {
        var vocab = TinyShapes.Vocab();
        TorchSharp.torch.manual_seed(3);
        using var model = new Captioner(TinyShapes.Config(vocab.Size), Kit.Device);   // untrained: a bushy tree
        model.eval();
        var item = TinyShapes.Split(Split.Test)[0];

        var (nodes, caption) = BeamPictures.Trace(model, item, vocab, beamWidth: 3, Kit.Device);
        var expected = ImageCaptioning.Generate(model, [item], vocab, Kit.Device, beamWidth: 3)[0];

        Assert.Equal(expected.Words.Where(w => !CaptioningKit.Vocabulary.SpecialTokens.IsSpecial(w)), caption);
        Assert.All(nodes, n => Assert.True(n.Parent < 0 || nodes[n.Parent].Step == n.Step - 1 || nodes[n.Parent].Step < n.Step));
        Assert.Equal(3, nodes.Count(n => n.Step == 0 && n.Parent < 0));                           // three first words from <start>
        var path = nodes.Where(n => n.OnBestPath).OrderBy(n => n.Step).ToList();
        Assert.Equal(Enumerable.Range(0, path.Count), path.Select(n => n.Step));                  // one node per step on the path
        Assert.All(nodes.Where(n => n.Parent >= 0), n => Assert.True(n.Score <= nodes[n.Parent].Score + 1e-9)); // log p only falls

        var view = BeamPictures.Tree(model, item, vocab, beamWidth: 3, Kit.Device);
        XDocument.Parse(view.Svg);
        Assert.Contains(string.Join(" ", caption), view.Title);
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "ck-diagram-beam.html"), view.ToNotebookHtml());
    }

    [Fact]
    public void Without_a_trace_beam_search_is_unchanged_and_the_last_trace_names_the_best_beam()
    {
        var vocab = TinyShapes.Vocab();
        TorchSharp.torch.manual_seed(4);
        using var model = new Captioner(TinyShapes.Config(vocab.Size), Kit.Device);
        model.eval();
        using var noGrad = TorchSharp.torch.no_grad();
        var features = model.Features(TorchSharp.torch.rand(2, 3, 64, 64));   // (2, pixels, channels)
        var traces = new List<BeamStepTrace>();
        using var plain = BeamSearch.Decode(model.Decoder, features, 3, 8, 0.7);
        using var traced = BeamSearch.Decode(model.Decoder, features, 3, 8, 0.7, trace: traces.Add);
        Assert.True(plain.Tokens.eq(traced.Tokens).all().item<bool>());
        Assert.Equal(-1, traces[^1].Step);
        Assert.Equal(2, traces[^1].Best!.Length);
        Assert.All(traces.SkipLast(1), t => Assert.Equal(2, t.Parent.Length));
    }
}
