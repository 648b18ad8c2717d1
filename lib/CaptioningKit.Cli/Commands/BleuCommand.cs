using System.CommandLine;
using System.Text.Json;
using CaptioningKit.Evaluation;

namespace CaptioningKit.Cli.Commands;

/// <summary><c>bleu --references FILE --hypotheses FILE</c>: corpus BLEU-1..4 as JSON (NLTK corpus_bleu semantics).</summary>
static class BleuCommand
{
    public static Command Create()
    {
        var references = new Option<FileInfo>("--references")
        {
            Description = "One line per hypothesis with its reference captions separated by TABs, or a .json file: [[\"ref\", ...], ...]",
            Required = true,
        };
        var hypotheses = new Option<FileInfo>("--hypotheses") { Description = "One generated caption per line, tokens separated by spaces", Required = true };
        var smoothing = new Option<BleuSmoothing>("--smoothing") { Description = "NLTK smoothing: None (default), Method1..Method4", DefaultValueFactory = _ => BleuSmoothing.None };
        var command = new Command("bleu", "Corpus BLEU-1..4 of generated captions against references, printed as JSON. " +
            "Exactly NLTK's corpus_bleu (several references per caption, corpus-level brevity penalty); <start>, <end>, <pad> are ignored.")
        { references, hypotheses, smoothing };
        command.SetAction(result =>
        {
            var s = BleuFiles.Score(result.GetValue(references)!.FullName, result.GetValue(hypotheses)!.FullName, result.GetValue(smoothing));
            Console.WriteLine(JsonSerializer.Serialize(new { bleu1 = s.Bleu1, bleu2 = s.Bleu2, bleu3 = s.Bleu3, bleu4 = s.Bleu4 }, new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        });
        return command;
    }
}
