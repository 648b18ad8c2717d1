using CaptioningKit.Data;
using CaptioningKit.Data.Generated;
using CaptioningKit.Model;
using CaptioningKit.Vocabulary;

namespace CaptioningKit.Tests.Training;

/// <summary>A tiny shapes set (generated once per test run) prepared for training tests.</summary>
static class TinyShapes
{
    static readonly Lazy<(string Folder, IReadOnlyList<CaptionedImage> Items)> Data = new(() =>
    {
        var dir = Directory.CreateTempSubdirectory("ck-train-").FullName;
        var folder = BuiltInDatasets.Generate("shapes", dir, seed: 7, train: 48, val: 8, test: 8).Folder;
        return (folder, CaptionDatasets.Load("folder", folder).Images);
    });

    public static string Folder => Data.Value.Folder;

    public static IReadOnlyList<CaptionedImage> Split(Split split) => Data.Value.Items.Where(i => i.Split == split).ToList();

    public static Vocab Vocab() =>
        VocabularyBuilder.Build(Split(CaptioningKit.Data.Split.Train).SelectMany(i => i.Captions), new VocabularyOptions()).Vocab;

    /// <summary>A smaller model than the demo's, so tests take a second or two.</summary>
    public static CaptionerConfig Config(int vocabSize) => CaptionerConfig.ForShapes(vocabSize) with
    {
        EncoderWidths = [8, 16, 32],
        // + the 2 cell-position channels; the query on h alone, as the tests were written for (AttendWithWord has its own tests)
        Decoder = CaptionerConfig.ForShapes(vocabSize).Decoder with { FeatureChannels = 32 + 2, HiddenDim = 48, AttentionDim = 24, EmbeddingDim = 16, AttendWithWord = false },
    };
}
