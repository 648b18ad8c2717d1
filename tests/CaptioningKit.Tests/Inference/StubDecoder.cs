using CaptioningKit.Vocabulary;
using CaptioningKit.Decoder;
using TorchSharp;
using static TorchSharp.torch;

namespace CaptioningKit.Tests.Inference;

/// <summary>
/// A hand-built decoder: the next-word probabilities depend only on the image's number and the previous word,
/// read from a table probabilities[image][previous][next]. The image number is features[:, 0, 0].
/// </summary>
sealed class StubDecoder(double[][][] probabilities) : IStepDecoder
{
    public SpecialTokens Tokens => SpecialTokens.Default;
    public int VocabSize => probabilities[0].Length;
    public int EncodeCalls { get; private set; }

    public EncodedImages Encode(Tensor features, Tensor? pixelMask = null)
    {
        EncodeCalls++;
        return new EncodedImages(features, features.select(2, 0).select(1, 0).to_type(ScalarType.Int64), pixelMask); // image ids: (batch)
    }

    public RecurrentState InitialState(EncodedImages images) => new(torch.zeros(images.Batch, 1), null);

    public DecoderStep Step(Tensor previousTokens, EncodedImages images, RecurrentState state)
    {
        var ids = images.Projected.data<long>().ToArray();
        var previous = previousTokens.data<long>().ToArray();
        var rows = ids.Select((image, r) => probabilities[image][previous[r]].Select(p => (float)Math.Log(Math.Max(p, 1e-12))).ToArray()).ToArray();
        var logits = torch.tensor(rows.SelectMany(r => r).ToArray()).view(ids.Length, VocabSize); // (batch, vocab)
        var weights = torch.full([images.Batch, images.Pixels], 1.0f / images.Pixels); // (batch, pixels)
        return new DecoderStep(logits, weights, new RecurrentState(state.Hidden + 1, null));
    }

    /// <summary>Features whose first number is the image id: (images, 4, 2).</summary>
    public static Tensor FeaturesFor(params long[] imageIds)
    {
        var features = torch.zeros(imageIds.Length, 4, 2);
        for (var i = 0; i < imageIds.Length; i++) features[i, 0, 0] = torch.tensor((float)imageIds[i]);
        return features;
    }

    /// <summary>A row of probabilities over the vocabulary with the given entries (the rest ~0).</summary>
    public static double[] Row(int vocab, params (int Token, double P)[] entries)
    {
        var row = new double[vocab];
        foreach (var (token, p) in entries) row[token] = p;
        return row;
    }
}
