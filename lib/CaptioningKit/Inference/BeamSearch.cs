using CaptioningKit.Decoder;
using TorchSharp;
using static TorchSharp.torch;

namespace CaptioningKit.Inference;

/// <summary>
/// Beam search: keep the <c>beamWidth</c> best partial captions per image instead of one. At each step every beam is
/// extended by every word, the candidates are scored by their total log-probability, and the best
/// <c>beamWidth</c> per image survive. Batched over images: the beams of image b are rows b*beam ... b*beam+beam-1 of
/// one (batch*beam) batch, so one <see cref="IStepDecoder.Step"/> call advances all of them.
/// <para>
/// A finished beam (it produced &lt;end&gt;) keeps its score and only grows &lt;pad&gt;. At the end the best beam per image
/// is chosen by the length-normalised score <c>logP / length^alpha</c> (alpha = 0: raw log-probability, which favours
/// short captions; alpha = 1: mean log-probability per word); length counts the words including &lt;end&gt;.
/// </para>
/// </summary>
public static class BeamSearch
{
    /// <param name="decoder">any step decoder (eval mode).</param>
    /// <param name="features">(batch, pixels, channels)</param>
    /// <param name="beamWidth">beams kept per image (1 = greedy).</param>
    /// <param name="maxLength">most tokens generated per beam, &lt;end&gt; included.</param>
    /// <param name="lengthAlpha">exponent of the length normalisation.</param>
    /// <param name="pixelMask">optional (batch, pixels) bool, true for real pixels.</param>
    /// <param name="trace">optional: told after every step which beams survived (for a beam-search tree); null costs nothing.</param>
    /// <returns>the best beam per image; <see cref="DecodeResult.Scores"/> holds its raw (unnormalised) log-probability.</returns>
    public static DecodeResult Decode(IStepDecoder decoder, Tensor features, int beamWidth, int maxLength, double lengthAlpha = 0.0, Tensor? pixelMask = null,
        Action<BeamStepTrace>? trace = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(beamWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var special = decoder.Tokens;
        long batch = features.shape[0], beam = beamWidth, vocab = decoder.VocabSize, rowCount = batch * beam;
        var device = features.device;

        var images = decoder.Encode(features, pixelMask); // features projected once, batch rows
        var repeat = torch.arange(batch, device: device).repeat_interleave(beam); // (batch*beam): 0,0,..,1,1,..
        images = images.Select(repeat); // every tensor: (batch*beam, ...)
        var state = decoder.InitialState(images);
        var rowBase = (torch.arange(batch, device: device) * beam).unsqueeze(1); // (batch, 1): first row of each image

        var tokens = torch.full([rowCount], special.Start, dtype: ScalarType.Int64, device: device); // (batch*beam)
        // Only beam 0 is alive at first, otherwise the beams of an image would all be the same caption.
        var scores = torch.full([rowCount], double.NegativeInfinity, dtype: ScalarType.Float64, device: device)
            .masked_fill(torch.arange(rowCount, device: device) % beam == 0, 0.0); // (batch*beam)
        var finished = torch.zeros([rowCount], dtype: ScalarType.Bool, device: device); // (batch*beam)
        var lengths = torch.zeros([rowCount], dtype: ScalarType.Int64, device: device); // (batch*beam)
        var history = torch.zeros([rowCount, 0], dtype: ScalarType.Int64, device: device); // (batch*beam, 0)
        var looked = torch.zeros([rowCount, 0, images.Pixels], dtype: images.Features.dtype, device: device); // (batch*beam, 0, pixels)
        // Each row offers its `perRow` best next words (see the loop). A finished beam may only append <pad>, at no
        // cost: its only candidate is (<pad>, 0), the others are -inf.
        var perRow = Math.Min(beam, vocab);
        var padOnly = torch.full([perRow], double.NegativeInfinity, dtype: ScalarType.Float64, device: device); // (perRow)
        padOnly[0].fill_(0.0);
        var padWords = torch.full([perRow], special.Pad, dtype: ScalarType.Int64, device: device); // (perRow)

        for (var t = 0; t < maxLength; t++)
        {
            using var stepScope = torch.NewDisposeScope();
            stepScope.Attach(state.Tensors); // last step's values die with this step
            stepScope.Attach([tokens, scores, finished, lengths, history, looked]);
            var step = decoder.Step(tokens, images, state);
            // A survivor extending row r is among r's own `beam` best words (any other word of r has `beam` better
            // ones in the same row), so each row offers only those: beam*perRow candidates per image, not beam*vocab.
            var logProbs = ImpossibleTokens.Mask(step.Logits, special).log_softmax(1); // (batch*beam, vocab)
            var (rowTop, rowWords) = logProbs.topk((int)perRow, 1); // (batch*beam, perRow) each
            rowTop = torch.where(finished.unsqueeze(1), padOnly.unsqueeze(0), rowTop.to_type(ScalarType.Float64)); // (batch*beam, perRow)
            rowWords = torch.where(finished.unsqueeze(1), padWords.unsqueeze(0), rowWords); // (batch*beam, perRow)
            var candidates = (scores.unsqueeze(1) + rowTop).view(batch, beam * perRow); // (batch, beam*perRow)
            var (top, index) = candidates.topk(beamWidth, 1); // (batch, beam) each
            var origin = torch.floor_divide(index, perRow); // (batch, beam): which beam each survivor extends
            var word = rowWords.view(batch, beam * perRow).gather(1, index).view(rowCount); // (batch*beam)
            var source = (rowBase + origin).view(rowCount); // (batch*beam): the row each survivor comes from

            var wasFinished = finished.index_select(0, source); // (batch*beam)
            var alive = wasFinished.logical_not(); // (batch*beam)
            var weights = step.Weights.index_select(0, source) * alive.unsqueeze(1).to_type(step.Weights.dtype); // (batch*beam, pixels)
            var newHistory = torch.cat([history.index_select(0, source), word.unsqueeze(1)], 1); // (batch*beam, t+1)
            var newLooked = torch.cat([looked.index_select(0, source), weights.unsqueeze(1)], 1); // (batch*beam, t+1, pixels)
            var newLengths = lengths.index_select(0, source) + alive.to_type(ScalarType.Int64); // (batch*beam)
            var newFinished = wasFinished.logical_or(word == special.End); // (batch*beam)

            state = step.State.Select(source).MoveToOuterDisposeScope();
            tokens = word.MoveToOuterDisposeScope();
            scores = top.view(rowCount).MoveToOuterDisposeScope(); // (batch*beam)
            finished = newFinished.MoveToOuterDisposeScope();
            lengths = newLengths.MoveToOuterDisposeScope();
            history = newHistory.MoveToOuterDisposeScope();
            looked = newLooked.MoveToOuterDisposeScope();
            if (trace is not null) trace(BeamStepTrace.Of(t, batch, beam, origin, word, scores, finished, wasFinished));
            if (finished.all().item<bool>()) break;
        }

        var normalised = scores / lengths.clamp_min(1).to_type(ScalarType.Float64).pow(lengthAlpha); // (batch*beam)
        var best = normalised.view(batch, beam).argmax(1); // (batch)
        var bestRows = rowBase.squeeze(1) + best; // (batch)
        if (trace is not null) trace(new BeamStepTrace(-1, [], [], [], [], [], best.cpu().data<long>().Select(b => (int)b).ToArray()));
        var result = new DecodeResult(
            history.index_select(0, bestRows), // (batch, steps)
            looked.index_select(0, bestRows), // (batch, steps, pixels)
            scores.index_select(0, bestRows)); // (batch)
        return result.MoveToOuterDisposeScope();
    }
}

/// <summary>
/// What one beam-search step kept, per image (index [image][beam]): the beam each survivor extends
/// (<see cref="Parent"/>), the token it appended, its total log-probability, whether it has finished, and whether it was
/// already finished before this step (it then only grew &lt;pad&gt;). The last trace of a search has <see cref="Step"/> -1
/// and <see cref="Best"/>: the beam chosen per image.
/// </summary>
public sealed record BeamStepTrace(int Step, int[][] Parent, long[][] Token, double[][] Score, bool[][] Finished, bool[][] WasFinished, int[]? Best = null)
{
    internal static BeamStepTrace Of(int step, long batch, long beam, Tensor origin, Tensor word, Tensor scores, Tensor finished, Tensor wasFinished)
    {
        T[][] Rows<T>(Tensor x) where T : unmanaged
        {
            var flat = x.cpu().contiguous().data<T>().ToArray(); // (batch*beam)
            return Enumerable.Range(0, (int)batch).Select(b => flat.AsSpan((int)(b * beam), (int)beam).ToArray()).ToArray();
        }
        return new BeamStepTrace(step, Rows<long>(origin.reshape(-1)).Select(r => r.Select(v => (int)v).ToArray()).ToArray(),
            Rows<long>(word), Rows<double>(scores), Rows<bool>(finished), Rows<bool>(wasFinished));
    }
}
