using CaptioningKit.Decoder;
using CaptioningKit.Vocabulary;
using TorchSharp;
using static TorchSharp.torch;

namespace CaptioningKit.Tests.Inference;

/// <summary>
/// A deterministic step decoder whose next-word distribution depends on the image AND on every word read so far, and
/// only learns those words through its recurrent state: the state's Hidden row holds the words read before the
/// previous one, its Cell row how many there are. So a beam search that gives a row another row's state (does not
/// reorder the state after pruning) gets different numbers from the ones <see cref="Logits"/> computes for the
/// caption it builds. The attention weights depend on the history too, so reordering them is checked as well.
/// <para>Vocabulary: 0 &lt;pad&gt;, 1 &lt;start&gt;, 2 &lt;end&gt;, 3 &lt;unk&gt;, 4 a word. &lt;pad&gt; and
/// &lt;start&gt; get the highest logits of all, so a search that does not rule them out shows it.</para>
/// </summary>
sealed class HistoryDecoder(int maxLength) : IStepDecoder
{
    public const int Vocab = 5;
    public const int Pixels = 3;

    public SpecialTokens Tokens => SpecialTokens.Default;
    public int VocabSize => Vocab;

    /// <summary>The image value is features[:, 0, 0]; any (batch, pixels, 1) features will do.</summary>
    public EncodedImages Encode(Tensor features, Tensor? pixelMask = null) =>
        new(features, features.select(2, 0).select(1, 0).to_type(ScalarType.Float64).unsqueeze(1), pixelMask); // (batch, pixels, 1) -> (batch, 1)

    /// <summary>History slots for every word a decode can read before its last step, and their count.</summary>
    public RecurrentState InitialState(EncodedImages images) =>
        new(torch.full(new long[] { images.Batch, maxLength + 1 }, -1.0, dtype: ScalarType.Float64),   // (batch, maxLength + 1): no words yet
            torch.zeros(images.Batch, 1, dtype: ScalarType.Float64));                    // (batch, 1): count 0

    public DecoderStep Step(Tensor previousTokens, EncodedImages images, RecurrentState state)
    {
        var rows = (int)images.Batch;
        var image = images.Projected.contiguous().data<double>().ToArray();           // (rows, 1) as rows numbers
        var previous = previousTokens.contiguous().data<long>().ToArray();             // (rows)
        var slots = state.Hidden.contiguous().data<double>().ToArray();                // (rows, maxLength + 1) flattened
        var counts = state.Cell!.contiguous().data<double>().ToArray();                // (rows, 1)
        var width = maxLength + 1;
        var logits = new double[rows * Vocab];
        var weights = new float[rows * Pixels];
        var nextSlots = (double[])slots.Clone();
        var nextCounts = new double[rows];
        for (var r = 0; r < rows; r++)
        {
            var count = (int)counts[r];
            var history = slots.Skip(r * width).Take(count).Select(v => (long)v).Append(previous[r]).ToList();
            Logits(image[r], history).CopyTo(logits, r * Vocab);
            Array.ConvertAll(Weights(image[r], history), w => (float)w).CopyTo(weights, r * Pixels);
            if (count < width) nextSlots[r * width + count] = previous[r]; // a finished row keeps stepping: its later words are ignored
            nextCounts[r] = Math.Min(count + 1, width);
        }
        return new DecoderStep(
            torch.tensor(logits, new long[] { rows, Vocab }),                                          // (rows, vocab)
            torch.tensor(weights, new long[] { rows, Pixels }),                                        // (rows, pixels)
            new RecurrentState(torch.tensor(nextSlots, new long[] { rows, width }),                    // (rows, maxLength + 1)
                               torch.tensor(nextCounts, new long[] { rows, 1 })));                     // (rows, 1)
    }

    /// <summary>Features for images with the given values: (images, pixels, 1).</summary>
    public static Tensor FeaturesFor(params double[] images)
    {
        var values = images.SelectMany(v => Enumerable.Repeat((float)v, Pixels)).ToArray();
        return torch.tensor(values, new long[] { images.Length, Pixels, 1 }); // (images, pixels, 1)
    }

    /// <summary>The next-word logits after <paramref name="history"/> (it starts with &lt;start&gt;), computed directly.</summary>
    public static double[] Logits(double image, IReadOnlyList<long> history)
    {
        var h = Hash(image, history);
        var logits = new double[Vocab];
        for (var v = 0; v < Vocab; v++) logits[v] = 3.0 * Unit(Mix(h + (ulong)v)) - 1.5; // in [-1.5, 1.5)
        logits[SpecialTokens.PadId] = 5;   // impossible, yet the most likely
        logits[SpecialTokens.StartId] = 4; // impossible too
        return logits;
    }

    /// <summary>Where the decoder looks after <paramref name="history"/>: positive, summing to 1.</summary>
    public static double[] Weights(double image, IReadOnlyList<long> history)
    {
        var h = Hash(image, history) ^ 0x5bd1e995UL;
        var raw = Enumerable.Range(0, Pixels).Select(p => 0.1 + Unit(Mix(h + (ulong)p))).ToArray();
        return raw.Select(w => w / raw.Sum()).ToArray();
    }

    /// <summary>log softmax over the tokens a decode may choose (all but &lt;pad&gt; and &lt;start&gt;); -inf for those two.</summary>
    public static double[] LogProbabilities(double image, IReadOnlyList<long> history)
    {
        var logits = Logits(image, history);
        var allowed = Enumerable.Range(0, Vocab).Where(Allowed).ToList();
        var max = allowed.Max(v => logits[v]);
        var logSum = max + Math.Log(allowed.Sum(v => Math.Exp(logits[v] - max)));
        return Enumerable.Range(0, Vocab).Select(v => Allowed(v) ? logits[v] - logSum : double.NegativeInfinity).ToArray();
    }

    public static bool Allowed(int token) => token != SpecialTokens.PadId && token != SpecialTokens.StartId;

    static ulong Hash(double image, IReadOnlyList<long> history)
    {
        var h = Mix((ulong)BitConverter.DoubleToInt64Bits(image));
        foreach (var token in history) h = Mix(h ^ (ulong)(token + 1) * 0x9E3779B97F4A7C15UL);
        return h;
    }

    /// <summary>splitmix64's finaliser: deterministic on every machine (unlike HashCode).</summary>
    static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    static double Unit(ulong z) => (z >> 11) * (1.0 / (1UL << 53)); // [0, 1)
}
