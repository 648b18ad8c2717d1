using CaptioningKit.Encoder;
using TorchSharp;
using Xunit;

namespace CaptioningKit.Tests.Encoder;

[Collection(TorchRandomCollection.Name)]
public sealed class WeightsToBeLoadedTests
{
    [Fact]
    public void Inside_the_scope_a_convolution_draws_no_random_numbers_and_has_the_same_shapes()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(5);
        var expected = torch.rand(4);                       // the generator's next numbers after seeding
        torch.manual_seed(5);
        SafeConv2d skipped;
        using (WeightsToBeLoaded.Begin()) skipped = new SafeConv2d(3, 8, 3, bias: true);
        Assert.True(torch.rand(4).allclose(expected, 0, 0)); // nothing was drawn for its weights
        using var normal = new SafeConv2d(3, 8, 3, bias: true);
        Assert.Equal(normal.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.shape), skipped.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.shape));
        skipped.Dispose();
    }

    [Fact]
    public void Scopes_nest_end_once_and_belong_to_their_thread()
    {
        Assert.False(WeightsToBeLoaded.Active);
        var outer = WeightsToBeLoaded.Begin();
        using (WeightsToBeLoaded.Begin()) Assert.True(WeightsToBeLoaded.Active);
        Assert.True(WeightsToBeLoaded.Active);
        var elsewhere = true;
        var thread = new Thread(() => elsewhere = WeightsToBeLoaded.Active);
        thread.Start();
        thread.Join();
        Assert.False(elsewhere);                                        // another thread is not in the scope
        outer.Dispose();
        outer.Dispose();                                                // a second Dispose changes nothing
        Assert.False(WeightsToBeLoaded.Active);
    }

    [Fact]
    public void A_captioner_loaded_from_a_checkpoint_computes_what_the_saved_one_did()
    {
        var dir = Directory.CreateTempSubdirectory("ck-skip-init-").FullName;
        try
        {
            var vocab = CaptioningKit.Vocabulary.VocabularyBuilder.Build(["a red circle", "a blue square"]).Vocab;
            var config = CaptioningKit.Model.CaptionerConfig.ForShapes(vocab.Size);
            torch.manual_seed(3);
            using var model = new CaptioningKit.Model.Captioner(config, torch.CPU);
            model.eval();
            var path = Path.Combine(dir, "m.safetensors");
            CaptioningKit.Training.TrainingCheckpoint.Save(path, model, null, vocab, 1, 1, 42, new CaptioningKit.Training.TrainingHistory());
            var (loaded, _, _) = CaptioningKit.Model.Captioner.Load(path, torch.CPU);
            loaded.eval();
            Assert.False(WeightsToBeLoaded.Active);
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var images = torch.rand(2, 3, 64, 64);
            Assert.True(model.Features(images).allclose(loaded.Features(images), 0, 0));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
