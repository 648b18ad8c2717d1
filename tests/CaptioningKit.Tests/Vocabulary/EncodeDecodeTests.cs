using CaptioningKit.Vocabulary;
using Xunit;

namespace CaptioningKit.Tests.Vocabulary;

public class EncodeDecodeTests
{
    // ids: <pad>0 <start>1 <end>2 <unk>3 the4 (5 times) dog5 (4) grass6 (3) on7 (3) runs8 (2)
    static readonly Vocab V = VocabularyBuilder.Build(["A dog runs on the grass .", "The dog runs on the grass .", "A dog on the grass .", "the dog"], new VocabularyOptions { Cleaning = CaptioningKit.Vocabulary.Cleaning.CleaningPresets.Flickr8k }).Vocab;

    [Fact]
    public void Encode_wraps_in_start_and_end_and_maps_unknown_words_to_unk()
    {
        Assert.Equal(["<pad>", "<start>", "<end>", "<unk>", "the", "dog", "grass", "on", "runs"], V.Tokens);
        Assert.Equal([1, 5, 8, 7, 4, 3, 2], V.Encode("A dog runs on the sand ."));
        Assert.Equal([1, 2], V.Encode(""));
        Assert.Equal(3, V.IdOf("sand"));
    }

    [Fact]
    public void Pad_fills_with_zero_and_truncate_keeps_end_last()
    {
        Assert.Equal([1, 5, 8, 2, 0, 0], V.Encode("dog runs", 6));
        Assert.Equal([1, 5, 8, 7, 2], V.Encode("dog runs on the grass", 5));
        Assert.Equal([1, 4, 2], Vocab.PadOrTruncate([1, 4, 8, 2], 3));
        Assert.Equal([1, 4, 8], Vocab.PadOrTruncate([1, 4, 8, 7], 3)); // no <end> to keep: a plain cut
        Assert.Throws<ArgumentOutOfRangeException>(() => Vocab.PadOrTruncate([1, 2], 1));
    }

    [Fact]
    public void Decode_strips_specials_and_stops_at_the_first_end()
    {
        Assert.Equal("dog runs on <unk>", V.Decode([1, 5, 8, 7, 3, 2, 4, 0, 0]));
        Assert.Equal(["dog", "runs"], V.DecodeTokens([0, 1, 5, 1, 8]));
        Assert.Equal([4, 8, 3], Vocab.StripSpecials([1, 4, 8, 3, 2, 4]));
        Assert.Equal("", V.Decode([2, 4, 8]));
        Assert.Equal("dog runs on the grass", V.Decode(V.Encode("A dog runs on the grass .")));
        Assert.Throws<ArgumentOutOfRangeException>(() => V.Decode([1, 99]));
    }

    [Fact]
    public void Batch_encoding_is_one_row_major_array()
    {
        var batch = V.EncodeBatch(["dog runs", "the dog runs on the grass", ""], 5);
        Assert.Equal((3, 5), (batch.Count, batch.MaxLength));
        Assert.Equal([1, 5, 8, 2, 0, 1, 4, 5, 8, 2, 1, 2, 0, 0, 0], batch.Ids);
        Assert.Equal([4, 5, 2], batch.Lengths);
        Assert.Equal([1, 4, 5, 8, 2], batch.Row(1));
    }

    [Fact]
    public void Unknown_share_of_new_captions()
    {
        Assert.Equal(0.5, V.UnknownShare(["dog sand", "cat on"]));
        Assert.Equal(0, V.UnknownShare([]));
    }
}
