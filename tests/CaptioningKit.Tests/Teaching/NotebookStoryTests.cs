using CaptioningKit.Data;
using CaptioningKit.Teaching;
using CaptioningKit.Tests.Data;
using CaptioningKit.Vocabulary;
using Xunit;

namespace CaptioningKit.Tests.Teaching;

[Collection(TorchRandomCollection.Name)]
public sealed class NotebookStoryTests : IDisposable
{
    readonly TempFolder _dir = new();
    static readonly StorySizes Tiny = new(12, 4, 4, Epochs: 1, MaxSteps: 1, PhotoEpochs: 1, FormulaEpochs: 1, FormulaTrain: 8);
    NotebookStory Story => new(_dir.Path, Tiny);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_formulas_set_gets_its_own_training_size_since_reading_takes_more_examples_than_shapes()
    {
        Assert.Equal(12, Story.Dataset("shapes").Split(CaptioningKit.Data.Split.Train).Count);
        Assert.Equal(8, Story.Dataset("formulas").Split(CaptioningKit.Data.Split.Train).Count);
        Assert.Equal(4, Story.Dataset("formulas").Split(CaptioningKit.Data.Split.Val).Count);
        Assert.Equal(CaptioningKit.Demo.DemoOptions.FormulasTrainImages, StorySizes.Full.FormulaTrain); // 08 trains the demo's recipe
        Assert.Equal(StorySizes.Full.FormulaEpochs, CaptioningKit.Demo.DemoOptions.FormulasTraining.Epochs);
    }

    [Fact]
    public void Every_artefact_lives_under_the_story_folder_not_the_working_folder()
    {
        var story = Story;
        foreach (var path in new[] { story.DatasetFolder("shapes"), story.VocabularyPath, story.TrainingRunFolder, story.StandInRunFolder, story.PhotoFeatureCacheFolder })
            Assert.StartsWith(_dir.Path, path);
        Assert.Equal(Path.Combine(KitPaths.NotebookDataDirectory, "shapes"), NotebookStory.Current.DatasetFolder("shapes"));
    }

    [Fact]
    public void Quick_mode_shrinks_every_size()
    {
        var (q, f) = (StorySizes.Quick, StorySizes.Full);
        Assert.True(q.Train < f.Train && q.Val < f.Val && q.Test < f.Test && q.Epochs < f.Epochs && q.PhotoEpochs <= f.PhotoEpochs && q.FormulaEpochs <= f.FormulaEpochs);
        Assert.NotNull(q.MaxSteps);
        Assert.Null(f.MaxSteps);
        Assert.Equal(f.Epochs, f.Training.KeepLastCheckpoints);
    }

    [Fact]
    public void A_dataset_is_made_once_with_a_message_then_read()
    {
        var said = new List<string>();
        var made = Story.Dataset("shapes", said.Add);
        var read = Story.Dataset("shapes", said.Add);
        Assert.True(made.Made);
        Assert.False(read.Made);
        Assert.Equal(20, read.Images.Count);
        Assert.Equal(12, read.Split(Split.Train).Count);
        Assert.StartsWith("Made shapes in " + Story.DatasetFolder("shapes"), said[0]);
        Assert.StartsWith("Read shapes from " + Story.DatasetFolder("shapes"), said[1]);
    }

    [Fact]
    public void Training_reads_the_vocabulary_notebook_02_saved_or_builds_the_same_one_and_says_so()
    {
        var shapes = Story.Dataset("shapes");
        var said = new List<string>();
        var built = Story.ReadVocabulary(shapes, said.Add);
        Assert.StartsWith("No vocabulary at " + Story.VocabularyPath, said[0]);
        Assert.True(File.Exists(Story.VocabularyPath));

        // The rules of notebook 02 (the kit's one default): the same tokens as vocab build would give.
        var captions = shapes.Split(Split.Train).SelectMany(i => i.Captions).ToList();
        Assert.Equal(VocabularyBuilder.Build(captions, VocabularyOptions.For(VocabularyLevel.Word)).Vocab.Tokens, built.Tokens);

        // A file notebook 02 saved is read, not rebuilt: a vocabulary with an extra word proves it.
        var saved = VocabularyBuilder.Build(captions.Append("a zebra"), NotebookStory.VocabularyOptions).Vocab;
        Story.SaveVocabulary(saved, said.Add);
        var read = Story.ReadVocabulary(shapes, said.Add);
        Assert.Contains("zebra", read.Tokens);
        Assert.StartsWith("Read the vocabulary", said[^1]);
    }

    [Fact]
    public void A_run_folder_without_the_finished_record_is_not_a_finished_run()
    {
        var folder = Story.TrainingRunFolder;
        Assert.Null(NotebookStory.FinishedRun(folder, out var reason));
        Assert.Contains("does not exist", reason);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "best.safetensors"), "half a run");
        Assert.Null(NotebookStory.FinishedRun(folder, out reason));
        Assert.Contains("did not finish", reason);
        File.WriteAllText(Path.Combine(folder, NotebookStory.RunRecordFile), "{ not json");
        Assert.Null(NotebookStory.FinishedRun(folder, out reason));
        Assert.Contains("damaged", reason);
    }

    [Fact]
    public void Inference_never_loads_a_half_done_run_it_trains_a_stand_in_and_says_so_then_reuses_it()
    {
        var story = Story;
        var shapes = story.Dataset("shapes");
        Directory.CreateDirectory(story.TrainingRunFolder);
        var halfDone = Path.Combine(story.TrainingRunFolder, "best.safetensors");
        File.WriteAllText(halfDone, "an interrupted run of notebook 07");

        var said = new List<string>();
        var (model, vocab, info, checkpoint) = story.TrainedModel(shapes, Kit.Device, said.Add);
        model.Dispose();
        Assert.Contains(said, s => s.Contains("Training a stand-in") && s.Contains("did not finish"));
        Assert.StartsWith(story.StandInRunFolder, checkpoint);
        Assert.Equal("an interrupted run of notebook 07", File.ReadAllText(halfDone)); // 07's files are never touched
        Assert.Equal(1, info.Epoch);
        Assert.True(vocab.Size > 4);

        said.Clear();
        var again = story.TrainedModel(shapes, Kit.Device, said.Add);
        again.Model.Dispose();
        Assert.Contains(said, s => s.Contains("Loading the stand-in this notebook trained earlier"));
        Assert.Equal(checkpoint, again.Checkpoint);
    }

    [Fact]
    public void A_finished_run_of_notebook_07_is_the_one_loaded()
    {
        var story = Story;
        var shapes = story.Dataset("shapes");
        var run = CaptioningKit.Training.CaptioningRun.Train(shapes.Images, new(false, Tiny.Training), story.TrainingRunFolder, Kit.Device);
        run.Model.Dispose();
        story.RecordFinishedRun(run.History);

        var said = new List<string>();
        var loaded = story.TrainedModel(shapes, Kit.Device, said.Add);
        loaded.Model.Dispose();
        Assert.StartsWith("Notebook 07's run finished", Assert.Single(said));
        Assert.Equal(run.History.BestCheckpoint, loaded.Checkpoint);
    }

    [Fact]
    public void Notebook_04s_weights_file_and_photo_come_from_the_library_not_from_the_tests()
    {
        var weights = Story.TinyResNetWeights();
        Assert.StartsWith(_dir.Path, weights);
        using var encoder = new CaptioningKit.Encoder.ResNetEncoder(NotebookStory.TinyResNet, new CaptioningKit.Encoder.GridSize(2, 2), Kit.Device);
        var report = CaptioningKit.Encoder.WeightLoader.Load(encoder.Backbone, weights);
        Assert.True(report.IsExact, report.Describe());
        Assert.Equal(["fc.bias", "fc.weight"], report.Ignored.Order());
        Assert.Equal(File.ReadAllBytes(weights), File.ReadAllBytes(Story.TinyResNetWeights())); // written once, then reused

        var photo = Story.SamplePhoto();
        Assert.StartsWith(_dir.Path, photo);
        Assert.Equal(File.ReadAllBytes(Path.Combine(Repository.Root, "tests", "fixtures", "photos", "cat.jpg")), File.ReadAllBytes(photo));
    }
}
