using System.CommandLine;
using System.Text.Json;
using CaptioningKit.Data;
using CaptioningKit.Inference;
using CaptioningKit.Model;

namespace CaptioningKit.Cli.Commands;

/// <summary><c>evaluate</c>: score a checkpoint on a dataset split (BLEU-1..4, Levenshtein, attention localisation) as JSON.</summary>
static class EvaluateCommand
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = CommonOptions.DatasetDescription, Required = true };
        var checkpoint = new Option<string>("--checkpoint") { Description = "A checkpoint written by train or demo", DefaultValueFactory = _ => Path.Combine("runs", "demo", "checkpoints", "best.safetensors") };
        var split = new Option<Split>("--split") { Description = "Train, Val or Test", DefaultValueFactory = _ => Split.Test };
        var beam = new Option<int>("--beam") { Description = "Beam width for the beam-search scores", DefaultValueFactory = _ => 3 }.AtLeast(1);
        var hard = new Option<bool>("--hard-attention") { Description = "Decode with hard attention: the most-attended cell only, instead of the weighted mean (the model is trained soft)" };
        var device = CommonOptions.Device();
        var command = new Command("evaluate", "Caption a split greedily and by beam search and print its scores as JSON") { dataset, checkpoint, split, beam, hard, device };
        command.SetAction(result =>
        {
            Kit.Initialize(result.GetValue(device));
            var (model, vocab, _) = Captioner.Load(result.GetValue(checkpoint)!, Kit.Device);
            model.HardAttention = result.GetValue(hard);
            var path = result.GetValue(dataset)!;
            var items = DatasetReport.LoadAndPrint(path).Images.Where(i => i.Split == result.GetValue(split)).ToList();
            var s = DatasetEvaluation.Run(model, vocab, items, Kit.Device, result.GetValue(beam), Directory.Exists(path) ? path : Path.GetDirectoryName(path));
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                images = items.Count,
                bleu1 = s.Greedy.Bleu1, bleu2 = s.Greedy.Bleu2, bleu3 = s.Greedy.Bleu3, bleu4 = s.Greedy.Bleu4,
                beam_width = s.BeamWidth, beam_bleu4 = s.Beam.Bleu4,
                attention_localization = s.AttentionLocalisation, mean_levenshtein = s.EditDistance?.Mean,
                captions_per_second = s.CaptionsPerSecond, hard_attention = model.HardAttention,
            }, new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        });
        return command;
    }
}
