using System.CommandLine;
using CaptioningKit.Vocabulary;
using CaptioningKit.Vocabulary.Cleaning;

namespace CaptioningKit.Cli.Commands;

/// <summary><c>vocab build</c>: build and save a vocabulary, printing its size and the tokens each rule dropped.</summary>
static class VocabCommand
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = CommonOptions.DatasetDescription, Required = true };
        var threshold = new Option<int>("--threshold") { Description = "Keep tokens seen at least this often in the training split", DefaultValueFactory = _ => VocabularyOptions.DefaultMinCount }.AtLeast(1);
        var level = new Option<VocabularyLevel>("--level") { Description = "Word or Char", DefaultValueFactory = _ => VocabularyLevel.Word };
        var preset = new Option<string>("--preset") { Description = $"Word cleaning: {string.Join(", ", CleaningPresets.All.Select(p => p.Name))} (standard: lowercase, no punctuation; flickr8k: the classic tutorial's rules)", DefaultValueFactory = _ => CleaningPresets.DefaultName };
        var topK = new Option<int?>("--top-k") { Description = "Keep at most this many words (most frequent first)" }.AtLeast(1);
        var output = new Option<string?>("--out") { Description = "Where to save the vocabulary JSON (default: vocabulary.word.json or vocabulary.char.json in the dataset folder); train --vocab reads it" };
        var build = new Command("build", "Build a vocabulary from the training captions") { dataset, threshold, level, preset, topK, output };
        build.SetAction(result =>
        {
            var summary = DatasetVocabulary.Build(new DatasetVocabularyRequest(result.GetValue(dataset)!, result.GetValue(threshold), result.GetValue(level),
                result.GetValue(preset)!, result.GetValue(topK), result.GetValue(output)));
            foreach (var line in summary.Lines) Console.WriteLine(line);
            return 0;
        });
        return new Command("vocab", "Vocabularies") { build };
    }
}
