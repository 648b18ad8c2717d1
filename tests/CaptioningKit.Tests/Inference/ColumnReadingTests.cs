using CaptioningKit.Data;
using CaptioningKit.Data.Generated;
using CaptioningKit.Inference;
using CaptioningKit.Model;
using CaptioningKit.Vocabulary;
using TorchSharp;
using Xunit;

namespace CaptioningKit.Tests.Inference;

[Collection(TorchRandomCollection.Name)]
public sealed class ColumnReadingTests
{
    [Fact]
    public void Greedy_ctc_decoding_merges_repeats_and_drops_blanks()
    {
        const long b = 0, C = 5, one = 6, H = 7;
        Assert.Equal([C, one, one, H], ColumnReading.Collapse([b, C, C, b, one, b, one, one, H, b], b)); // "·CC·1·11H·" → C11H
        Assert.Equal([one], ColumnReading.Collapse([one, one, one], b));                                   // no blank between: one "1"
        Assert.Empty(ColumnReading.Collapse([b, b], b));
        Assert.Empty(ColumnReading.Collapse([], b));
    }

    [Fact]
    public void Every_image_gets_one_token_per_column_and_the_collapsed_text()
    {
        var dir = Directory.CreateTempSubdirectory("ck-columns-").FullName;
        try
        {
            var folder = BuiltInDatasets.Generate("formulas", dir, seed: 3, train: 3, val: 1, test: 1).Folder;
            var items = CaptionDatasets.Load("folder", folder).Images;
            var vocab = VocabularyBuilder.Build(items.SelectMany(i => i.Captions), VocabularyOptions.Characters()).Vocab;
            var config = CaptionerConfig.ForFormulas(vocab.Size) with
            {
                EncoderWidths = [4, 8, 8, 16],
                Decoder = CaptionerConfig.ForFormulas(vocab.Size).Decoder with { FeatureChannels = 18, HiddenDim = 16, AttentionDim = 8 },
            };
            torch.manual_seed(2);
            using var model = new Captioner(config, torch.CPU);
            var readings = ColumnReading.Of(model, items, vocab, torch.CPU, batchSize: 2);
            Assert.Equal(items.Select(i => i.Id), readings.Select(r => r.Item.Id));
            foreach (var r in readings)
            {
                Assert.Equal(32, r.Columns.Count);
                var ids = r.Columns.Select(c => c == ColumnReading.Blank ? 0L : vocab.IdOf(c)).ToList();
                Assert.Equal(vocab.Decode(ColumnReading.Collapse(ids, 0).Select(i => (int)i)), r.Text);
            }
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
