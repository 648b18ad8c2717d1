namespace CaptioningKit.Vocabulary;

/// <summary>
/// A batch of encoded captions, each padded or truncated to <see cref="MaxLength"/>, stored row-major in one array
/// so it becomes a tensor in one call: <c>torch.tensor(batch.Ids, new long[] { batch.Count, batch.MaxLength })</c>.
/// <see cref="Lengths"/> counts each row's real tokens including &lt;start&gt; and &lt;end&gt; (not the padding).
/// </summary>
public sealed record EncodedBatch(int[] Ids, int Count, int MaxLength, int[] Lengths)
{
    /// <summary>Row <paramref name="i"/> as its own array.</summary>
    public int[] Row(int i) => Ids.AsSpan(i * MaxLength, MaxLength).ToArray();
}
