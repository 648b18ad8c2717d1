using System.Text.Json.Serialization;

namespace CaptioningKit.Demo;

/// <summary>The numbers the demo writes to metrics.json (snake_case keys).</summary>
public sealed record DemoMetrics
{
    [JsonPropertyName("task")] public string Task { get; init; } = "";
    [JsonPropertyName("bleu1")] public double Bleu1 { get; init; }
    [JsonPropertyName("bleu2")] public double Bleu2 { get; init; }
    [JsonPropertyName("bleu3")] public double Bleu3 { get; init; }
    [JsonPropertyName("bleu4")] public double Bleu4 { get; init; }
    [JsonPropertyName("beam_bleu4")] public double BeamBleu4 { get; init; }
    [JsonPropertyName("attention_localization")] public double? AttentionLocalization { get; init; }
    [JsonPropertyName("character_localisation")] public double? CharacterLocalisation { get; init; }
    [JsonPropertyName("clean_scans")] public bool CleanScans { get; init; }
    [JsonPropertyName("mean_levenshtein")] public double? MeanLevenshtein { get; init; }
    [JsonPropertyName("exact_match")] public double? ExactMatch { get; init; }
    [JsonPropertyName("train_seconds")] public double TrainSeconds { get; init; }
    [JsonPropertyName("total_seconds")] public double TotalSeconds { get; init; }
    [JsonPropertyName("epochs")] public int Epochs { get; init; }
    [JsonPropertyName("best_epoch")] public int BestEpoch { get; init; }
    [JsonPropertyName("stop_reason")] public string StopReason { get; init; } = "";
    [JsonPropertyName("captions_per_second")] public double CaptionsPerSecond { get; init; }
    [JsonPropertyName("test_images")] public int TestImages { get; init; }
    [JsonPropertyName("vocabulary_size")] public int VocabularySize { get; init; }
    [JsonPropertyName("device")] public string Device { get; init; } = "";
}
