using CaptioningKit.Data;
using CaptioningKit.Display;
using CaptioningKit.Images;
using CaptioningKit.Inference;
using CaptioningKit.Model;
using CaptioningKit.Vocabulary;
using TorchSharp;

namespace CaptioningKit.Teaching;

/// <summary>The beam-search tree of a real decode, from the trace hook of <see cref="BeamSearch.Decode"/>.</summary>
public static class BeamPictures
{
    /// <summary>
    /// Captions <paramref name="item"/> by beam search (the same image path and length normalisation as
    /// <see cref="ImageCaptioning"/>) and returns every beam kept at every step as tree nodes, with the chosen caption.
    /// </summary>
    public static (IReadOnlyList<BeamTreeNode> Nodes, IReadOnlyList<string> Caption) Trace(Captioner model, CaptionedImage item, Vocab vocab,
        int beamWidth, torch.Device device, double lengthAlpha = 0.7)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        model.eval();
        var transform = model.Config.Transform;
        var pixels = new float[transform.FloatsPerImage];
        using (var loaded = ImageLoader.Load(item.ImagePath)) transform.Apply(loaded.Image, item.Captions, new Random(0), pixels);
        var image = torch.tensor(pixels, [1, 3, transform.Height, transform.Width], device: device); // (1, 3, H, W)
        var features = model.Features(image);                                                         // (1, pixels, channels)
        var traces = new List<BeamStepTrace>();
        BeamSearch.Decode(model.Decoder, features, beamWidth, model.Config.MaxCaptionLength, lengthAlpha, trace: traces.Add).Dispose();

        var nodes = new List<BeamTreeNode>();
        var nodeOf = new int[beamWidth];                 // beam -> its newest node (-1: the start)
        Array.Fill(nodeOf, -1);
        foreach (var t in traces.Where(t => t.Step >= 0))
        {
            var next = new int[beamWidth];
            for (int k = 0; k < beamWidth; k++)
            {
                var parent = nodeOf[t.Parent[0][k]];
                if (t.WasFinished[0][k]) { next[k] = parent; continue; } // a finished beam only grows <pad>: same node
                if (double.IsNegativeInfinity(t.Score[0][k])) { next[k] = -1; continue; }
                nodes.Add(new BeamTreeNode(t.Step, k, vocab.TokenOf((int)t.Token[0][k]), t.Score[0][k], parent, t.Finished[0][k], false));
                next[k] = nodes.Count - 1;
            }
            nodeOf = next;
        }
        var best = traces.Last().Best![0];
        var path = new List<string>();
        for (var n = nodeOf[best]; n >= 0; n = nodes[n].Parent)
        {
            nodes[n] = nodes[n] with { OnBestPath = true };
            path.Add(nodes[n].Word);
        }
        path.Reverse();
        return (nodes, path.Where(w => !SpecialTokens.IsSpecial(w)).ToList());
    }

    /// <summary>The tree of <see cref="Trace"/> as a picture.</summary>
    public static SvgView Tree(Captioner model, CaptionedImage item, Vocab vocab, int beamWidth, torch.Device device, double lengthAlpha = 0.7)
    {
        var (nodes, caption) = Trace(model, item, vocab, beamWidth, device, lengthAlpha);
        return Diagrams.BeamTree(nodes, beamWidth, string.Join(" ", caption));
    }
}
