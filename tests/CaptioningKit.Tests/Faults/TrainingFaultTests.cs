using CaptioningKit.Data;
using CaptioningKit.Model;
using CaptioningKit.Tests.Training;
using CaptioningKit.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace CaptioningKit.Tests.Faults;

/// <summary>A NaN or infinite loss stops training with a clear error and never becomes a checkpoint.</summary>
[Collection(TorchRandomCollection.Name)]
[Trait("Category", "Faults")]
public sealed class TrainingFaultTests
{
    [Fact]
    public void A_nan_loss_stops_training_and_writes_no_checkpoint()
    {
        var vocab = TinyShapes.Vocab();
        torch.manual_seed(5);
        using var model = new Captioner(TinyShapes.Config(vocab.Size), CPU);
        using (no_grad())
            foreach (var p in model.Decoder.parameters()) p.fill_(float.NaN); // weights that make every logit NaN
        var trainer = new Trainer(model, vocab, new TrainingOptions { Epochs = 2, BatchSize = 4, Seed = 1 }, CPU);
        var dir = Directory.CreateTempSubdirectory("ck-nan-").FullName;
        try
        {
            var e = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(TinyShapes.Split(Split.Train), TinyShapes.Split(Split.Val), dir));
            Assert.Equal(1, e.Epoch);
            Assert.Equal(1, e.Step);
            Assert.True(double.IsNaN(e.Loss));
            Assert.Contains("Training diverged: the loss became NaN at epoch 1, step 1", e.Message);
            Assert.Contains("lower --lr", e.Message);
            Assert.Empty(Directory.EnumerateFiles(dir)); // no best.safetensors, no epoch file
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void A_trainer_refuses_settings_that_cannot_work()
    {
        var vocab = TinyShapes.Vocab();
        using var model = new Captioner(TinyShapes.Config(vocab.Size), CPU);
        Assert.Contains("learning rate", Assert.Throws<ArgumentException>(() => new Trainer(model, vocab, new TrainingOptions { LearningRate = double.NaN }, CPU)).Message);
        Assert.Contains("batch size", Assert.Throws<ArgumentException>(() => new Trainer(model, vocab, new TrainingOptions { BatchSize = 0 }, CPU)).Message);
    }
}
