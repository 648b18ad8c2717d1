using CaptioningKit.Encoder;
using TorchSharp;
using Xunit;

namespace CaptioningKit.Tests.Encoder;

public class EncoderShapeAndFreezeTests
{
    [Fact]
    public void Small_cnn_outputs_batch_pixels_channels_for_shapes_and_formulas()
    {
        using var scope = torch.NewDisposeScope();
        using var shapes = new SmallCnnEncoder(GridSize.Square(4), device: torch.CPU);
        Assert.Equal([2L, 16, 256], shapes.call(torch.rand(2, 3, 64, 64)).shape);    // 64x64 → 4x4 grid
        using var formulas = new SmallCnnEncoder(new GridSize(4, 16), [16, 32], torch.CPU);
        Assert.Equal([3L, 64, 32], formulas.call(torch.rand(3, 3, 64, 256)).shape);  // 256x64 → 4x16 grid
    }

    [Fact]
    public void ResNet_forward_stages_show_each_stage_and_end_with_the_backbone_output()
    {
        using var scope = torch.NewDisposeScope();
        using var backbone = new ResNetBackbone(ResNetSpec.ResNet18);
        backbone.eval();
        using var noGrad = torch.no_grad();
        var x = torch.rand(1, 3, 64, 64);
        var stages = backbone.ForwardStages(x);
        Assert.Equal(["stem", "maxpool", "layer1", "layer2", "layer3", "layer4"], stages.Select(s => s.Stage));
        long[][] shapes = [[1, 64, 32, 32], [1, 64, 16, 16], [1, 64, 16, 16], [1, 128, 8, 8], [1, 256, 4, 4], [1, 512, 2, 2]];
        Assert.Equal(shapes, stages.Select(s => s.Output.shape));
        Assert.True(stages[^1].Output.allclose(backbone.call(x), atol: 1e-6));
    }

    [Fact]
    public void Small_cnn_feature_maps_halve_per_block_and_pool_to_the_encoder_output()
    {
        using var scope = torch.NewDisposeScope();
        using var encoder = new SmallCnnEncoder(GridSize.Square(4), device: torch.CPU);
        encoder.eval();
        using var noGrad = torch.no_grad();
        var x = torch.rand(2, 3, 64, 64);
        Assert.Equal([2L, 32, 32, 32], encoder.FeatureMaps(x, 1).shape);
        var last = encoder.FeatureMaps(x, encoder.BlockCount);                               // (2, 256, 4, 4)
        Assert.Equal([2L, 256, 4, 4], last.shape);
        Assert.True(last.flatten(2).permute(0, 2, 1).allclose(encoder.call(x), atol: 1e-6)); // 4x4 map = 4x4 grid
        Assert.Throws<ArgumentOutOfRangeException>(() => encoder.FeatureMaps(x, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => encoder.FeatureMaps(x, 5));
    }

    [Fact]
    public void Feature_map_grid_keeps_rows_and_columns()
    {
        using var scope = torch.NewDisposeScope();
        var grid = FeatureMapGrid.ToArray(torch.arange(6, dtype: torch.float32).reshape(2, 3)); // (2, 3)
        Assert.Equal((2, 3), (grid.GetLength(0), grid.GetLength(1)));
        Assert.Equal(5.0, grid[1, 2]);
        Assert.Equal(3.0, FeatureMapGrid.ToArray(torch.arange(6, dtype: torch.float32).reshape(1, 2, 3))[1, 0]);
        Assert.Throws<ArgumentException>(() => FeatureMapGrid.ToArray(torch.zeros(2, 2, 2)));
    }

    [Fact]
    public void ResNet18_pools_to_any_grid()
    {
        using var scope = torch.NewDisposeScope();
        using var encoder = new ResNetEncoder(ResNetSpec.ResNet18, GridSize.Square(8), torch.CPU);
        using var noGrad = torch.no_grad();
        Assert.Equal([1L, 64, 512], encoder.call(torch.rand(1, 3, 64, 64)).shape);
        Assert.Equal(2048, ResNetSpec.ResNet50.OutputChannels);
        Assert.Equal(196, GridSize.Square(14).Pixels);
    }

    [Fact]
    public void Freeze_and_fine_tune_last_blocks_set_requires_grad()
    {
        using var encoder = new ResNetEncoder(EncoderFixture.Basic, GridSize.Square(2), torch.CPU);
        EncoderTraining.Freeze(encoder);
        Assert.All(encoder.parameters(), p => Assert.False(p.requires_grad));
        Assert.Equal(0, EncoderTraining.TrainableParameterCount(encoder));

        var names = EncoderTraining.FineTuneLastBlocks(encoder, 1);
        Assert.Equal(["layer4"], names);
        var trainable = encoder.named_parameters().Where(p => p.parameter.requires_grad).Select(p => p.name).ToList();
        Assert.NotEmpty(trainable);
        Assert.All(trainable, n => Assert.StartsWith("backbone.layer4.", n));

        // gradients reach only the trainable block
        using var scope = torch.NewDisposeScope();
        encoder.call(torch.rand(1, 3, 64, 64)).sum().backward();
        Assert.All(encoder.named_parameters(), p => Assert.Equal(p.parameter.requires_grad, p.parameter.grad is not null));

        EncoderTraining.Unfreeze(encoder);
        Assert.All(encoder.parameters(), p => Assert.True(p.requires_grad));
    }

    [Fact]
    public void Loading_weights_keeps_trainable_flags()
    {
        using var encoder = new ResNetEncoder(EncoderFixture.Basic, GridSize.Square(2), torch.CPU);
        EncoderTraining.FineTuneLastBlocks(encoder, 2);
        var before = encoder.parameters().Select(p => p.requires_grad).ToList();
        WeightLoader.Load(encoder.Backbone, EncoderFixture.File("narrow_resnet_basic.pth"));
        Assert.Equal(before, encoder.parameters().Select(p => p.requires_grad).ToList());
        Assert.Contains(true, before);
    }
}
