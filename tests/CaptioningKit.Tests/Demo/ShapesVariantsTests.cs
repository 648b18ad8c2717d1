using CaptioningKit.Attention;
using CaptioningKit.Decoder;
using CaptioningKit.Demo;
using CaptioningKit.Model;
using Xunit;

namespace CaptioningKit.Tests.Demo;

public class ShapesVariantsTests
{
    [Fact]
    public void The_committed_results_file_parses_and_has_every_variant()
    {
        var results = ShapesVariants.Load(Path.Combine(Repository.Root, ShapesVariants.ResultsFile));
        Assert.False(string.IsNullOrWhiteSpace(results.Measured));
        Assert.False(string.IsNullOrWhiteSpace(results.Settings));
        foreach (var variant in ShapesVariants.All)
        {
            var row = results[variant.Name];
            Assert.Equal(variant.Switch, row.Switch);
            Assert.InRange(row.Bleu4, 0.0, 1.0);
            Assert.InRange(row.BeamBleu4, 0.0, 1.0);
            Assert.NotNull(row.AttentionLocalization);
            Assert.InRange(row.AttentionLocalization!.Value, 0.0, 1.0);
            Assert.True(row.TotalSeconds > 0 && row.Epochs > 0 && row.BestEpoch is > 0 && row.BestEpoch <= row.Epochs, $"{variant.Name}: {row}");
        }
    }

    [Fact]
    public void Each_variant_flips_one_switch_of_the_default()
    {
        var baseOptions = new DemoOptions();
        var shapes = CaptionerConfig.ForShapes(0);
        DecoderOptions Decoder(string name) => (ShapesVariants.Options(name, baseOptions).Config ?? shapes).Decoder;
        Assert.Null(ShapesVariants.Options("default", baseOptions).Config);
        Assert.Equal(shapes.Decoder with { Gate = false }, Decoder("no-gate"));
        Assert.Equal(shapes.Decoder with { DoublyStochasticWeight = 1.0 }, Decoder("doubly-stochastic"));
        Assert.Equal(shapes.Decoder with { Cell = RecurrentCellKind.Gru }, Decoder("gru"));
        Assert.Equal(shapes.Decoder with { Attention = AttentionKind.ScaledDotProduct }, Decoder("dot-product"));
        Assert.Equal(shapes.Decoder with { AttendWithWord = false }, Decoder("no-word-in-query"));
        var noPositions = ShapesVariants.Options("no-cell-positions", baseOptions).Config!;
        Assert.False(noPositions.CellPositions);
        Assert.Equal(shapes.Decoder.FeatureChannels - 2, noPositions.Decoder.FeatureChannels);
        Assert.Equal(0.25, ShapesVariants.Options("scheduled-sampling", baseOptions).Training.ScheduledSampling);
        Assert.True(ShapesVariants.Options("hard-attention", baseOptions).HardAttention);
        Assert.False(baseOptions.HardAttention);
        var error = Assert.Throws<ArgumentException>(() => ShapesVariants.Get("lstm"));
        Assert.Contains("dot-product", error.Message);
    }

    [Fact]
    public void A_missing_row_names_the_rows_there_are()
    {
        var results = new ShapesVariantResults { Variants = [new ShapesVariantResult { Name = "default" }] };
        var error = Assert.Throws<KeyNotFoundException>(() => results["gru"]);
        Assert.Contains("default", error.Message);
    }
}
