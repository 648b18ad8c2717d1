using System.Text.Json;
using CaptioningKit.Model;
using CaptioningKit.SafeTensors;
using CaptioningKit.Vocabulary;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CaptioningKit.Training;

/// <summary>
/// A resumable training checkpoint in the kit's safetensors format (docs/checkpoint-format.md): the captioner's
/// tensors under their module names, Adam's moments as <c>optimizer.{i}.exp_avg</c> / <c>optimizer.{i}.exp_avg_sq</c>
/// with the step counts in <c>optimizer.steps</c>, torch's random state as <c>rng.torch</c>; the configuration, the
/// vocabulary (as the kit's vocabulary JSON), epoch, step, seed and the history of the epochs so far in the metadata.
/// Written atomically.
/// </summary>
public static class TrainingCheckpoint
{
    /// <summary>The metadata key of the epochs trained so far (JSON array of <see cref="EpochRecord"/>).</summary>
    public const string HistoryKey = "history_json";

    /// <summary>A diverged epoch has an infinite or NaN loss: the history keeps it as "Infinity"/"NaN".</summary>
    static readonly JsonSerializerOptions HistoryJson = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static void Save(string path, Captioner model, Adam? optimizer, Vocab vocab, int epoch, long step, int seed, TrainingHistory? history = null)
    {
        using var scope = NewDisposeScope();
        var tensors = new List<KeyValuePair<string, Tensor>>(model.state_dict());
        if (optimizer is not null)
        {
            var states = optimizer.state_dict().State.Cast<Adam.State>().ToList();
            for (int i = 0; i < states.Count; i++)
            {
                tensors.Add(new($"optimizer.{i}.exp_avg", states[i].exp_avg));
                tensors.Add(new($"optimizer.{i}.exp_avg_sq", states[i].exp_avg_sq));
            }
            tensors.Add(new("optimizer.steps", tensor(states.Select(s => s.step).ToArray()))); // (parameters)
        }
        tensors.Add(new("rng.torch", torch.get_rng_state()));
        var info = new CheckpointInfo(model.Config.ToJson(), vocab.Tokens, epoch, step, seed)
        {
            Extra = new Dictionary<string, string>
            {
                [Captioner.VocabularyKey] = VocabularyFile.ToJson(vocab),
                [HistoryKey] = JsonSerializer.Serialize(history?.Epochs ?? [], HistoryJson),
            },
        };
        SafeTensorsWriter.Write(path, tensors, info.ToMetadata());
    }

    /// <summary>
    /// The epochs recorded in a checkpoint (empty for a checkpoint written before the kit stored them). A malformed
    /// entry is an error, never a silently empty history: resuming from it would let a worse model replace the best one.
    /// </summary>
    public static IReadOnlyList<EpochRecord> ReadHistory(string path, CheckpointInfo info)
    {
        if (!info.Extra.TryGetValue(HistoryKey, out var json)) return [];
        try
        {
            return JsonSerializer.Deserialize<List<EpochRecord>>(json, HistoryJson) ?? [];
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: the training history in its metadata is not valid ({e.Message}). Fix: resume from another epoch's checkpoint.");
        }
    }

    /// <summary>
    /// Throws a <see cref="CheckpointMismatchException"/> listing every setting in which the checkpoint's configuration
    /// differs from <paramref name="expected"/>. Settings the kit added after the checkpoint was written count with
    /// their default values, so older checkpoints keep loading.
    /// </summary>
    public static void CheckConfiguration(string path, CheckpointInfo info, CaptionerConfig expected)
    {
        var saved = new CheckpointInfo(CaptionerConfig.FromJson(info.ConfigurationJson, path).ToJson());
        var differences = saved.ConfigurationDifferences(expected.ToJson());
        if (differences.Count > 0) throw new CheckpointMismatchException(path, differences, [], [], []);
    }

    /// <summary>
    /// The checkpoint's vocabulary must be the run's, token for token: a different vocabulary of the same size would
    /// load without a shape error and silently give every id another word.
    /// </summary>
    public static void CheckVocabulary(string path, CheckpointInfo info, Vocab expected)
    {
        if (!info.Extra.TryGetValue(Captioner.VocabularyKey, out var json)) return; // older checkpoints: the shapes still guard the size
        var saved = VocabularyFile.Parse(json, path);
        var first = Enumerable.Range(0, Math.Min(saved.Size, expected.Size)).FirstOrDefault(i => saved.Tokens[i] != expected.Tokens[i], -1);
        if (saved.Size != expected.Size || first >= 0)
            throw new InvalidDataException($"Checkpoint '{path}' was trained with another vocabulary: " + (first >= 0
                ? $"token {first} is '{saved.Tokens[first]}' in the checkpoint but '{expected.Tokens[first]}' in this run (sizes {saved.Size} and {expected.Size}). "
                : $"the checkpoint has {saved.Size} tokens, this run {expected.Size}. ") +
                "Fix: resume with the same dataset, preset and threshold as the run that wrote it, or start a new run (--out).");
    }

    /// <summary>Restores Adam's moments and step counts, and torch's random state, saved by <see cref="Save"/>.</summary>
    public static void RestoreTrainingState(string path, Adam optimizer)
    {
        var file = SafeTensorsFile.Open(path);
        var dictionary = optimizer.state_dict();
        var states = dictionary.State.Cast<Adam.State>().ToList();
        if (!file.Entries.ContainsKey("optimizer.steps"))
            throw new InvalidDataException($"{path} has no optimiser state, so training cannot resume from it exactly. Fix: resume from a per-epoch checkpoint.");
        using var steps = file.Read("optimizer.steps");
        if (steps.shape[0] != states.Count)
            throw new CheckpointMismatchException(path, [$"optimizer: checkpoint has state for {steps.shape[0]} parameters, the model has {states.Count}"], [], [], []);
        var stepValues = steps.data<long>().ToArray();
        using (no_grad())
            for (int i = 0; i < states.Count; i++)
            {
                using var avg = file.Read($"optimizer.{i}.exp_avg");
                using var avgSq = file.Read($"optimizer.{i}.exp_avg_sq");
                states[i].exp_avg.copy_(avg);
                states[i].exp_avg_sq.copy_(avgSq);
                states[i].step = stepValues[i];
            }
        optimizer.load_state_dict(dictionary); // state_dict() may hand out copies: load them back explicitly
        using var rng = file.Read("rng.torch");
        torch.set_rng_state(rng);
    }
}
