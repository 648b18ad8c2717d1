using CaptioningKit.Data;
using CaptioningKit.Encoder;
using CaptioningKit.Images;
using CaptioningKit.Model;
using CaptioningKit.SafeTensors;
using CaptioningKit.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace CaptioningKit.Tests.Training;

/// <summary>Training the decoder from cached features of a frozen encoder: the same numbers as the image path.</summary>
[Collection(TorchRandomCollection.Name)]
public class FeatureCacheTrainingTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("ck-cachetrain-").FullName;
    public void Dispose() { try { Directory.Delete(_dir, true); } catch (IOException) { } }

    static TrainingOptions Options(int epochs) => new() { Epochs = epochs, BatchSize = 8, LearningRate = 5e-3, Patience = 99, Seed = 3 };

    static IReadOnlyList<CaptionedImage> All => [.. TinyShapes.Split(Split.Train), .. TinyShapes.Split(Split.Val)];

    /// <summary>A tiny-shapes captioner whose encoder is frozen, with the same initial weights every time.</summary>
    static Captioner FrozenModel()
    {
        var vocab = TinyShapes.Vocab();
        torch.manual_seed(11);
        var model = new Captioner(TinyShapes.Config(vocab.Size), CPU);
        EncoderTraining.Freeze(model.Encoder);
        return model;
    }

    FeatureCache Cache(Captioner model, FeatureStorage storage, string name = "cache") =>
        FeatureCacheBuilder.GetOrBuild(Path.Combine(_dir, name), All, model.Encoder, model.Config.Transform, "test-weights", CPU, storage: storage).Cache;

    static Dictionary<string, float[]> DecoderWeights(Captioner m) =>
        m.Decoder.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.to_type(ScalarType.Float32).data<float>().ToArray());

    static double MaxDifference(Dictionary<string, float[]> a, Dictionary<string, float[]> b) =>
        a.Keys.Max(k => a[k].Zip(b[k]).Max(p => Math.Abs(p.First - p.Second)));

    [Fact]
    public void Training_from_a_float32_cache_matches_the_image_path()
    {
        var viaImages = FrozenModel();
        var imageHistory = new Trainer(viaImages, TinyShapes.Vocab(), Options(2), CPU).Fit(TinyShapes.Split(Split.Train), TinyShapes.Split(Split.Val));

        var viaCache = FrozenModel();
        using var cache = Cache(viaCache, FeatureStorage.Float32);
        var cacheHistory = new Trainer(viaCache, TinyShapes.Vocab(), Options(2), CPU, cache).Fit(TinyShapes.Split(Split.Train), TinyShapes.Split(Split.Val));

        for (var e = 0; e < 2; e++)
        {
            Assert.Equal(imageHistory.Epochs[e].TrainLoss, cacheHistory.Epochs[e].TrainLoss, 4);
            Assert.Equal(imageHistory.Epochs[e].ValLoss, cacheHistory.Epochs[e].ValLoss, 4);
            Assert.Equal(imageHistory.Epochs[e].ValBleu4, cacheHistory.Epochs[e].ValBleu4, 6);
        }
        var difference = MaxDifference(DecoderWeights(viaImages), DecoderWeights(viaCache));
        Assert.True(difference < 1e-4, $"decoder weights differ by {difference} after two epochs");
        Assert.True(imageHistory.Epochs[1].TrainLoss < imageHistory.Epochs[0].TrainLoss); // and it is learning, not standing still
    }

    [Fact]
    public void A_float16_cache_holds_the_features_to_half_precision_and_trains_alike()
    {
        var model = FrozenModel();
        using var exact = Cache(model, FeatureStorage.Float32, "f32");
        using var half = Cache(model, FeatureStorage.Float16, "f16");
        Assert.True(File.Exists(Path.Combine(half.Folder, "features.f16")));
        Assert.Equal(new FileInfo(Path.Combine(exact.Folder, "features.f32")).Length, 2 * new FileInfo(Path.Combine(half.Folder, "features.f16")).Length);
        var ids = All.Select(i => i.Id).ToList();
        using var a = exact.ReadBatch(ids, CPU); // (N, pixels, channels) float32
        using var b = half.ReadBatch(ids, CPU);  // (N, pixels, channels) float32, widened from float16
        Assert.Equal(ScalarType.Float32, b.dtype);
        Assert.Equal(a.shape, b.shape);
        var relative = ((a - b).abs() / (a.abs() + 1e-3)).max().item<float>();
        Assert.True(relative < 1e-3, $"float16 round trip is off by {relative} (relative)");
        Assert.True((a - b).abs().max().item<float>() > 0); // it really is stored at half precision

        var history = new Trainer(FrozenModel(), TinyShapes.Vocab(), Options(2), CPU, half).Fit(TinyShapes.Split(Split.Train), TinyShapes.Split(Split.Val));
        var exactHistory = new Trainer(FrozenModel(), TinyShapes.Vocab(), Options(2), CPU, exact).Fit(TinyShapes.Split(Split.Train), TinyShapes.Split(Split.Val));
        Assert.Equal(exactHistory.Epochs[1].TrainLoss, history.Epochs[1].TrainLoss, 2);
    }

    [Fact]
    public void A_cache_needs_a_frozen_encoder_of_the_same_shape_and_no_flips()
    {
        var model = FrozenModel();
        using var cache = Cache(model, FeatureStorage.Float32);
        EncoderTraining.Unfreeze(model.Encoder);
        var training = Assert.Throws<ArgumentException>(() => new Trainer(model, TinyShapes.Vocab(), Options(1), CPU, cache));
        Assert.Contains("freeze the encoder", training.Message);

        var flips = Assert.Throws<ArgumentException>(() => new Trainer(FrozenModel(), TinyShapes.Vocab(), Options(1) with { Flip = HorizontalFlip.FlipAndSwapLeftRight }, CPU, cache));
        Assert.Contains("Flip", flips.Message);

        var vocab = TinyShapes.Vocab();
        var wider = new Captioner(TinyShapes.Config(vocab.Size) with { EncoderWidths = [8, 16, 40], Decoder = TinyShapes.Config(vocab.Size).Decoder with { FeatureChannels = 42 } }, CPU);
        EncoderTraining.Freeze(wider.Encoder);
        var shape = Assert.Throws<ArgumentException>(() => new Trainer(wider, vocab, Options(1), CPU, cache));
        Assert.Contains("64 pixels x 32", shape.Message);
    }

    [Fact]
    public void Resuming_a_run_that_trains_from_the_cache_continues_exactly()
    {
        var checkpoints = Path.Combine(_dir, "runs");
        var straight = FrozenModel();
        using var cache = Cache(straight, FeatureStorage.Float16);
        new Trainer(straight, TinyShapes.Vocab(), Options(2), CPU, cache).Fit(TinyShapes.Split(Split.Train), TinyShapes.Split(Split.Val), checkpoints);

        var resumed = FrozenModel();
        var trainer = new Trainer(resumed, TinyShapes.Vocab(), Options(2), CPU, cache);
        trainer.Resume(Path.Combine(checkpoints, "epoch-001.safetensors"));
        trainer.Fit(TinyShapes.Split(Split.Train), TinyShapes.Split(Split.Val));
        Assert.Equal(0.0, MaxDifference(DecoderWeights(straight), DecoderWeights(resumed)));
    }

    [Fact]
    public void A_run_with_a_frozen_pretrained_resnet_caches_its_features_once_and_reuses_them()
    {
        // A ResNet-18 with torchvision's names stands in for downloaded weights (random, but a real weights file).
        var weights = Path.Combine(_dir, "resnet18.safetensors");
        torch.manual_seed(5);
        using (var source = (ResNetEncoder)EncoderFactory.Create("resnet18", CPU))
            SafeTensorsWriter.Write(weights, source.Backbone.state_dict());
        var items = All.Select(i => i).ToList();
        var config = CaptionerConfig.ForPhotos(0, "resnet18") with { ImageWidth = 64, ImageHeight = 64, GridRows = 2, GridColumns = 2 };
        var options = new RunOptions(false, Options(1), config) { EncoderWeights = weights, FeatureCacheFolder = Path.Combine(_dir, "photo-cache") };

        var first = CaptioningRun.Train(items, options, Path.Combine(_dir, "run1"), CPU);
        Assert.NotNull(first.Cache);
        Assert.True(first.Cache!.Built);
        Assert.Equal(items.Count, first.Cache.Images);
        Assert.Equal(FeatureStorage.Float16, first.Cache.Storage);
        var saved = SafeTensorsFile.Open(weights); // frozen: the encoder kept the weights it was given
        Assert.True(saved.Read("conv1.weight").equal(((ResNetEncoder)first.Model.Encoder).Backbone.state_dict()["conv1.weight"]).all().item<bool>());
        Assert.True(first.Model.Config.MaxCaptionLength >= items.SelectMany(i => i.Captions).Max(c => first.Vocab.Encode(c).Length));

        var again = CaptioningRun.Train(items, options, Path.Combine(_dir, "run2"), CPU);
        Assert.False(again.Cache!.Built); // the same encoder, weights and images: nothing re-encoded
        Assert.Equal(first.History.Epochs[0].TrainLoss, again.History.Epochs[0].TrainLoss, 6);

        // The checkpoint captions a new image file end to end, through the encoder it was trained on.
        var loaded = Captioner.Load(first.History.BestCheckpoint!, CPU);
        var caption = CaptioningKit.Inference.ImageCaptioning.Generate(loaded.Model, [TinyShapes.Split(Split.Test)[0]], loaded.Vocab, CPU);
        Assert.Single(caption);
    }

    [Fact]
    public void A_weights_file_for_the_encoder_that_ships_its_weights_is_refused()
    {
        var options = new RunOptions(false, Options(1), CaptionerConfig.ForPhotos(0)) { EncoderWeights = Path.Combine(_dir, "some.safetensors") };
        var e = Assert.Throws<ArgumentException>(() => CaptioningRun.Train(All, options, Path.Combine(_dir, "refused"), CPU));
        Assert.Contains("--weights", e.Message);
        Assert.False(Directory.Exists(Path.Combine(_dir, "refused"))); // refused before anything is written
    }
}
