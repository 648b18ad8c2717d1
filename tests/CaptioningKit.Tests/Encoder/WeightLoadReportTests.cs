using System.Collections;
using CaptioningKit.Encoder;
using TorchSharp;
using TorchSharp.PyBridge;
using Xunit;

namespace CaptioningKit.Tests.Encoder;

public class WeightLoadReportTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("ck-weights-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>The fixture's state dict, changed by <paramref name="edit"/>, saved as a new .pth.</summary>
    string EditedStateDict(Action<Hashtable> edit)
    {
        var table = PyTorchUnpickler.UnpickleStateDict(EncoderFixture.File("narrow_resnet_basic.pth"));
        edit(table);
        var path = Path.Combine(_dir, $"edited-{Guid.NewGuid():N}.pth");
        PyTorchPickler.PickleStateDict(path, table);
        return path;
    }

    static ResNetEncoder NewEncoder() => new(EncoderFixture.Basic, GridSize.Square(2), torch.CPU);

    [Fact]
    public void Missing_key_is_reported_and_refused()
    {
        var path = EditedStateDict(t => t.Remove("layer3.0.bn2.running_var"));
        using var encoder = NewEncoder();
        var e = Assert.Throws<WeightLoadException>(() => WeightLoader.Load(encoder.Backbone, path));
        Assert.Equal(["layer3.0.bn2.running_var"], e.Report!.Missing);
        Assert.Empty(e.Report.Unexpected);
        Assert.Contains("missing from the file (1): layer3.0.bn2.running_var", e.Message);
        Assert.Contains("allowPartial", e.Message);
    }

    [Fact]
    public void Unexpected_key_is_reported_and_refused()
    {
        var path = EditedStateDict(t => t["layer5.0.conv1.weight"] = torch.zeros(3, 3));
        using var encoder = NewEncoder();
        var e = Assert.Throws<WeightLoadException>(() => WeightLoader.Load(encoder.Backbone, path));
        Assert.Equal(["layer5.0.conv1.weight"], e.Report!.Unexpected);
        Assert.Empty(e.Report.Missing);
        Assert.Contains("unexpected in the file (1): layer5.0.conv1.weight", e.Message);
    }

    [Fact]
    public void Wrong_shape_is_reported_and_partial_load_keeps_the_rest()
    {
        var path = EditedStateDict(t => t["conv1.weight"] = torch.ones(12, 3, 3, 3));
        using var encoder = NewEncoder();
        var e = Assert.Throws<WeightLoadException>(() => WeightLoader.Load(encoder.Backbone, path));
        var mismatch = Assert.Single(e.Report!.ShapeMismatches);
        Assert.Equal("conv1.weight", mismatch.Name);
        Assert.Equal([12L, 3, 3, 3], mismatch.FileShape);
        Assert.Equal([12L, 3, 7, 7], mismatch.ModuleShape);
        Assert.Contains("conv1.weight: file [12, 3, 3, 3] vs module [12, 3, 7, 7]", e.Message);

        var before = encoder.Backbone.state_dict()["conv1.weight"].clone();
        var report = WeightLoader.Load(encoder.Backbone, path, allowPartial: true);
        Assert.True(report.Loaded);
        Assert.False(report.IsExact);
        var sd = encoder.Backbone.state_dict();
        Assert.Equal(before.shape, sd["conv1.weight"].shape);
        Assert.Equal(before.sum().item<float>(), sd["conv1.weight"].sum().item<float>());
        Assert.True(sd["conv1.weight"].allclose(before));                         // skipped: kept its values
        var expected = PyTorchUnpickler.UnpickleStateDict(path)["layer1.0.conv1.weight"] as torch.Tensor;
        Assert.True(sd["layer1.0.conv1.weight"].allclose(expected!));                        // the rest loaded
    }

    [Fact]
    public void Missing_file_says_where_to_get_weights()
    {
        var e = Assert.Throws<WeightLoadException>(() => WeightsLocator.Resolve(ResNetSpec.ResNet50, folder: _dir));
        Assert.Contains("https://download.pytorch.org/models/resnet50-11ad3fa6.pth", e.Message);
        Assert.Contains("CAPTIONINGKIT_WEIGHTS", e.Message);
    }

    [Fact]
    public void Weights_folder_is_searched_by_torchvision_file_name()
    {
        var file = Path.Combine(_dir, "resnet18-f37072fd.pth");
        File.WriteAllBytes(file, [1]);
        Assert.Equal(file, WeightsLocator.Resolve(ResNetSpec.ResNet18, folder: _dir));
    }
}
