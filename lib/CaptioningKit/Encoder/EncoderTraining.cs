namespace CaptioningKit.Encoder;

/// <summary>
/// Freezing and fine-tuning. A pretrained encoder is usually frozen at first (its ImageNet features are good and the
/// decoder is random), then its last blocks are fine-tuned with a small learning rate. Freezing sets requires_grad
/// to false, so the optimiser gets no gradient for those parameters and autograd does not even compute it.
/// Note: batch-norm running statistics still update in train() mode; call encoder.eval() to keep them fixed too.
/// </summary>
public static class EncoderTraining
{
    /// <summary>Freezes every parameter of the encoder.</summary>
    public static void Freeze(ImageEncoder encoder) => FineTuneLastBlocks(encoder, 0);

    /// <summary>Makes every parameter trainable.</summary>
    public static void Unfreeze(ImageEncoder encoder) => FineTuneLastBlocks(encoder, encoder.Blocks.Count);

    /// <summary>
    /// Trains only the last <paramref name="blocks"/> blocks (e.g. 1 = ResNet's layer4) and freezes the rest.
    /// 0 freezes everything; Blocks.Count or more trains everything. Returns the names of the trainable blocks.
    /// </summary>
    public static IReadOnlyList<string> FineTuneLastBlocks(ImageEncoder encoder, int blocks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(blocks);
        foreach (var p in encoder.parameters()) p.requires_grad = false;
        var all = encoder.Blocks;
        var trainable = all.Skip(Math.Max(0, all.Count - blocks)).ToList();
        foreach (var block in trainable)
            foreach (var p in block.Parameters) p.requires_grad = true;
        return trainable.Select(b => b.Name).ToList();
    }

    /// <summary>How many parameter values (not tensors) will receive gradients.</summary>
    public static long TrainableParameterCount(ImageEncoder encoder) =>
        encoder.parameters().Where(p => p.requires_grad).Sum(p => p.numel());
}
