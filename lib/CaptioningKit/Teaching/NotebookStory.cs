using System.Text.Json;
using CaptioningKit.Data;
using CaptioningKit.Data.Generated;
using CaptioningKit.Encoder;
using CaptioningKit.Images;
using CaptioningKit.Model;
using CaptioningKit.Training;
using CaptioningKit.Vocabulary;
using TorchSharp;

namespace CaptioningKit.Teaching;

/// <summary>
/// Every size the notebooks use, in one record, so quick mode shrinks the same things everywhere.
/// </summary>
/// <param name="Train">training images of the generated shapes set.</param>
/// <param name="Val">validation images.</param>
/// <param name="Test">test images.</param>
/// <param name="Epochs">epochs notebook 07 trains (and notebook 08's stand-in run when 07's is missing).</param>
/// <param name="MaxSteps">a cap on optimiser steps (quick mode), null for none.</param>
/// <param name="PhotoEpochs">epochs of 07's run through the pretrained encoder.</param>
/// <param name="FormulaEpochs">epochs of 08's character-level run.</param>
/// <param name="FormulaTrain">training images of the generated formulas set: reading from scratch takes many more
/// examples than the shapes (the demo's 12,000; drawing them takes seconds).</param>
public sealed record StorySizes(int Train, int Val, int Test, int Epochs, int? MaxSteps, int PhotoEpochs, int FormulaEpochs, int FormulaTrain)
{
    /// <summary>The real settings: the committed notebooks and the numbers quoted in their text. The formulas run is the
    /// demo's (<see cref="Data.Generated.Formulas.FormulasSet.TrainImagesToRead"/> scans, <see cref="TrainingOptions.Formulas"/>'s epochs).</summary>
    public static readonly StorySizes Full = new(2000, 200, 200, Epochs: 6, MaxSteps: null, PhotoEpochs: 3,
        FormulaEpochs: TrainingOptions.Formulas.Epochs, FormulaTrain: Data.Generated.Formulas.FormulasSet.TrainImagesToRead);

    /// <summary>Quick mode (<see cref="Kit.Quick"/>, the tests): seconds of work per notebook.</summary>
    public static readonly StorySizes Quick = new(120, 20, 20, Epochs: 2, MaxSteps: 10, PhotoEpochs: 2, FormulaEpochs: 2, FormulaTrain: 120);

    /// <summary>The training recipe of notebook 07 at these sizes (every per-epoch checkpoint kept, for its resume section).</summary>
    public TrainingOptions Training => new() { Epochs = Epochs, MaxSteps = MaxSteps, KeepLastCheckpoints = Epochs };

    public override string ToString() =>
        $"{Train}/{Val}/{Test} train/val/test images per set ({FormulaTrain} training scans for formulas); {Epochs} training epochs{(MaxSteps is { } m ? $" (at most {m} steps)" : "")}, {PhotoEpochs} for the photo run, {FormulaEpochs} for formulas";
}

/// <summary>A dataset the story read or made, with the sentence the notebook shows about it.</summary>
public sealed record StoryDataset(string Name, string Folder, IReadOnlyList<CaptionedImage> Images, bool Made, string Message)
{
    public IReadOnlyList<CaptionedImage> Split(Data.Split split) => Images.Where(i => i.Split == split).ToList();
}

/// <summary>What notebook 07 writes beside its checkpoints when its training run has finished (never before).</summary>
public sealed record StoryRunRecord(string Notebook, int Epochs, int BestEpoch, double BestBleu4, string StopReason, string BestCheckpoint, DateTime FinishedUtc);

/// <summary>
/// The one story the notebooks tell: each hands its result forward through ONE data folder (under
/// <see cref="KitPaths.NotebookDataDirectory"/>, never relative to the working folder). 01 writes the datasets, 02 the
/// vocabulary 07 trains with, 03 shows the image pipeline training uses, 04 builds the pretrained encoder's feature cache
/// 07 trains from, 07 the checkpoint 08 reads. A notebook run on its own makes what is missing itself and says so: every
/// call reports what it read or made, and from where, through <c>say</c> (the library never writes to the console).
/// </summary>
public sealed class NotebookStory(string folder, StorySizes sizes)
{
    /// <summary>The story of this session: <see cref="KitPaths.NotebookDataDirectory"/> and the sizes of <see cref="Kit.Quick"/>.</summary>
    public static NotebookStory Current => new(KitPaths.NotebookDataDirectory, Kit.Quick ? StorySizes.Quick : StorySizes.Full);

    /// <summary>The seed of every generated set in the story.</summary>
    public const int Seed = 42;

    /// <summary>The encoder 04 caches and 07's photo run trains from.</summary>
    public const string PhotoEncoder = "resnet18-imagenet";

    public string Folder { get; } = Path.GetFullPath(folder);
    public StorySizes Sizes { get; } = sizes;

    /// <summary>Where a generated set lives: &lt;folder&gt;/&lt;name&gt;.</summary>
    public string DatasetFolder(string name) => Path.Combine(Folder, name.ToLowerInvariant());

    /// <summary>Notebook 02's vocabulary of the shapes set, where <c>vocab build</c> puts it too.</summary>
    public string VocabularyPath => Path.Combine(DatasetFolder("shapes"), "vocabulary.word.json");

    /// <summary>Notebook 07's checkpoints.</summary>
    public string TrainingRunFolder => Path.Combine(Folder, "runs", "07-shapes");

    /// <summary>Where notebook 08 trains a stand-in when 07's run is missing or unfinished (07's files are never touched).</summary>
    public string StandInRunFolder => Path.Combine(Folder, "runs", "08-stand-in");

    /// <summary>The pretrained encoder's feature cache of the shapes set (built by 04, read by 07).</summary>
    public string PhotoFeatureCacheFolder => Path.Combine(Folder, "features", "shapes-" + PhotoEncoder);

    /// <summary>The file that marks a run folder's training as finished.</summary>
    public const string RunRecordFile = "story-run.json";

    /// <summary>How the shapes vocabulary is built: the kit's one default (<see cref="VocabularyOptions.For"/>), as <c>vocab build</c> and <c>train</c>.</summary>
    public static VocabularyOptions VocabularyOptions => VocabularyOptions.For(VocabularyLevel.Word);

    /// <summary>The model the story trains on shapes (notebook 07), for a vocabulary of <paramref name="vocabSize"/>.</summary>
    public static CaptionerConfig Config(int vocabSize) => CaptionerConfig.ForShapes(vocabSize);

    /// <summary>The image pipeline training uses (notebook 03 shows it, 07's batch loader applies it): the model's
    /// transform with the training recipe's flip policy.</summary>
    public static ImageTransform TrainingTransform => Config(1).Transform with { Flip = new TrainingOptions().Flip };

    /// <summary>
    /// The generated set <paramref name="name"/> ("shapes" or "formulas") at the story's sizes: read when it is there with
    /// these settings, generated otherwise; <paramref name="say"/> gets one line saying which, and where.
    /// </summary>
    public StoryDataset Dataset(string name, Action<string>? say = null, IProgress<GenerationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var train = name == "formulas" ? Sizes.FormulaTrain : Sizes.Train;
        var generated = BuiltInDatasets.Generate(name, Folder, seed: Seed, train: train, val: Sizes.Val, test: Sizes.Test,
            progress: progress, cancellationToken: cancellationToken);
        var (images, report) = CaptionDatasets.Load(CaptionDatasets.Folder, generated.Folder);
        if (report.RecordsSkipped > 0)
            throw new InvalidDataException($"The {name} set in {generated.Folder} has {report.RecordsSkipped} unreadable records. Fix: delete the folder and run notebook 01 again.");
        var message = generated.Skipped
            ? $"Read {name} from {generated.Folder}: {images.Count} images (seed {Seed}), as notebook 01 wrote it."
            : $"Made {name} in {generated.Folder}: {images.Count} images (seed {Seed}) drawn in {generated.Elapsed.TotalSeconds:F1} s (no copy with these settings was there; notebook 01 writes it).";
        say?.Invoke(message);
        return new StoryDataset(name, generated.Folder, images, !generated.Skipped, message);
    }

    /// <summary>Notebook 02: saves <paramref name="vocab"/> as the story's vocabulary (temp file + rename).</summary>
    public string SaveVocabulary(Vocab vocab, Action<string>? say = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(VocabularyPath)!);
        VocabularyFile.Save(vocab, VocabularyPath);
        say?.Invoke($"Saved the vocabulary ({vocab.Size} tokens) to {VocabularyPath}: notebook 07 trains with it.");
        return VocabularyPath;
    }

    /// <summary>
    /// Notebook 07: the vocabulary notebook 02 saved, checked against the training captions of <paramref name="shapes"/>;
    /// when there is none, one built with the same rules (<see cref="VocabularyOptions"/>) and saved where 02 puts it.
    /// </summary>
    public Vocab ReadVocabulary(StoryDataset shapes, Action<string>? say = null)
    {
        var captions = shapes.Split(Data.Split.Train).SelectMany(i => i.Captions).ToList();
        if (File.Exists(VocabularyPath))
        {
            var vocab = VocabularyFile.LoadFor(VocabularyPath, VocabularyLevel.Word, captions);
            say?.Invoke($"Read the vocabulary ({vocab.Size} tokens) from {VocabularyPath}, as notebook 02 saved it.");
            return vocab;
        }
        var built = VocabularyBuilder.Build(captions, VocabularyOptions).Vocab;
        VocabularyFile.Save(built, VocabularyPath);
        say?.Invoke($"No vocabulary at {VocabularyPath} (notebook 02 saves it): built it now from the {captions.Count} training captions with notebook 02's rules, and saved it there.");
        return built;
    }

    /// <summary>
    /// Notebook 04: the pretrained encoder's feature cache of <paramref name="shapes"/>, exactly as 07's photo run asks
    /// for it (same encoder, weights, transform, grid and storage), so 07 reuses it. Built when missing or stale.
    /// </summary>
    public FeatureCacheResult PhotoFeatures(StoryDataset shapes, torch.Device device, Action<string>? say = null,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var config = CaptionerConfig.ForShapes(1, PhotoEncoder);
        var (encoder, weightsHash) = EncoderFactory.CreatePretrained(PhotoEncoder, device, config.Grid);
        using (encoder)
        {
            var result = FeatureCacheBuilder.GetOrBuild(PhotoFeatureCacheFolder, shapes.Images, encoder, config.Transform, weightsHash, device,
                progress: progress, storage: new RunOptions(false, new TrainingOptions()).CacheStorage, cancellationToken: cancellationToken);
            say?.Invoke(result.Built
                ? $"Built the {PhotoEncoder} feature cache of {shapes.Name} in {PhotoFeatureCacheFolder} ({result.Reason}): {result.Cache.Count} images."
                : $"Read the {PhotoEncoder} feature cache of {shapes.Name} from {PhotoFeatureCacheFolder}: {result.Cache.Count} images, up to date.");
            return result;
        }
    }

    /// <summary>
    /// Notebook 04's photograph (Chelsea the cat, CC0; shipped inside the library, see Teaching/Samples/README.md),
    /// written once to &lt;folder&gt;/samples/cat.jpg; returns its path.
    /// </summary>
    public string SamplePhoto()
    {
        var path = Path.Combine(Folder, "samples", "cat.jpg");
        if (File.Exists(path)) return path;
        using var resource = typeof(NotebookStory).Assembly.GetManifestResourceStream("CaptioningKit.Teaching.Samples.cat.jpg")
            ?? throw new InvalidOperationException("The sample photo is missing from CaptioningKit.dll. Fix: rebuild the kit (dotnet build).");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp";
        using (var file = File.Create(temp)) resource.CopyTo(file);
        File.Move(temp, path, overwrite: true);
        return path;
    }

    /// <summary>The tiny torchvision-style ResNet notebook 04 loads weights into: basic blocks, one per stage, base width 12.</summary>
    public static ResNetSpec TinyResNet => new("tiny_resnet_basic", ResNetBlockKind.Basic, [1, 1, 1, 1], Width: 12);

    /// <summary>
    /// Notebook 04: a weights file for <see cref="TinyResNet"/> under torchvision's tensor names, with a classifier head
    /// (fc.weight, fc.bias) as every ImageNet file has, written once to &lt;folder&gt;/weights/ as .safetensors (seeded random
    /// values: it shows how a file is matched and loaded, not what trained weights look like). Returns its path.
    /// </summary>
    public string TinyResNetWeights()
    {
        var path = Path.Combine(Folder, "weights", TinyResNet.Name + ".safetensors");
        if (File.Exists(path)) return path;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(Seed);
        using var backbone = new ResNetBackbone(TinyResNet);
        var tensors = backbone.state_dict().ToList();
        var features = TinyResNet.Width * 8;                                           // the channels of layer4 (basic blocks)
        tensors.Add(new("fc.weight", torch.randn(10, features)));                     // (classes, channels): a classifier head
        tensors.Add(new("fc.bias", torch.zeros(10)));                                 // (classes)
        var temp = path + ".tmp";
        SafeTensors.SafeTensorsWriter.Write(temp, tensors);
        File.Move(temp, path, overwrite: true);
        return path;
    }

    /// <summary>Notebook 07, after <c>Fit</c> returned: marks <paramref name="runFolder"/> (default 07's) as a finished run that 08 may load.</summary>
    public string RecordFinishedRun(TrainingHistory history, string? runFolder = null, string notebook = "07")
    {
        if (history.BestCheckpoint is null || !File.Exists(history.BestCheckpoint))
            throw new InvalidOperationException("The run has no best checkpoint to record. Fix: train with a checkpoint folder (Fit(train, val, folder)).");
        var folder = runFolder ?? TrainingRunFolder;
        var record = new StoryRunRecord(notebook, history.Epochs.Count, history.BestEpoch, history.BestBleu4, history.StopReason,
            Path.GetFileName(history.BestCheckpoint), DateTime.UtcNow);
        var path = Path.Combine(folder, RunRecordFile);
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(record, new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    /// <summary>The finished-run record in <paramref name="runFolder"/>, or null with the reason (no folder, no record, no checkpoint).</summary>
    public static StoryRunRecord? FinishedRun(string runFolder, out string reason)
    {
        var path = Path.Combine(runFolder, RunRecordFile);
        if (!Directory.Exists(runFolder)) { reason = $"{runFolder} does not exist"; return null; }
        if (!File.Exists(path)) { reason = $"{runFolder} holds no {RunRecordFile}: its training did not finish (stopped or still running)"; return null; }
        StoryRunRecord? record;
        try { record = JsonSerializer.Deserialize<StoryRunRecord>(File.ReadAllText(path)); }
        catch (JsonException e) { reason = $"{path} is damaged ({e.Message})"; return null; }
        if (record is null || string.IsNullOrEmpty(record.BestCheckpoint)) { reason = $"{path} is empty"; return null; }
        if (!File.Exists(Path.Combine(runFolder, record.BestCheckpoint))) { reason = $"{path} names {record.BestCheckpoint}, which is not there"; return null; }
        reason = "";
        return record;
    }

    /// <summary>
    /// Notebook 08: the best checkpoint of notebook 07's FINISHED run. When 07 has not finished (no run, or a run stopped
    /// half-way), it says why and loads an earlier finished stand-in of its own, or trains one now at the story's sizes,
    /// with notebook 02's vocabulary, into <see cref="StandInRunFolder"/> (07's files are never touched).
    /// </summary>
    public (Captioner Model, Vocab Vocab, CheckpointInfo Info, string Checkpoint) TrainedModel(StoryDataset shapes, torch.Device device,
        Action<string>? say = null, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        string folder;
        if (FinishedRun(TrainingRunFolder, out var why) is { } fromSeven)
        {
            folder = TrainingRunFolder;
            say?.Invoke($"Notebook 07's run finished ({fromSeven.StopReason}, best epoch {fromSeven.BestEpoch} of {fromSeven.Epochs}): loading {Path.Combine(folder, fromSeven.BestCheckpoint)}.");
        }
        else if (FinishedRun(StandInRunFolder, out _) is { } standIn)
        {
            folder = StandInRunFolder;
            say?.Invoke($"Notebook 07's model is not available ({why}). Loading the stand-in this notebook trained earlier: {Path.Combine(folder, standIn.BestCheckpoint)}. Run notebook 07 for the real one.");
        }
        else
        {
            folder = StandInRunFolder;
            say?.Invoke($"Notebook 07's model is not available ({why}). Training a stand-in here ({Sizes.Epochs} epochs, as notebook 07 does) into {folder}; run notebook 07 for the real one.");
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); // an unfinished stand-in of this notebook's own
            var vocab = ReadVocabulary(shapes, say);
            var options = new RunOptions(false, Sizes.Training) { Vocab = VocabularyPath };
            var run = CaptioningRun.Train(shapes.Images, options, folder, device, progress, cancellationToken);
            RecordFinishedRun(run.History, folder, notebook: "08");
            run.Model.Dispose();
        }
        var record = FinishedRun(folder, out var problem) ?? throw new InvalidOperationException($"No finished run in {folder}: {problem}.");
        var best = Path.Combine(folder, record.BestCheckpoint);
        var (model, loaded, info) = Captioner.Load(best, device);
        return (model, loaded, info, best);
    }
}
