using System.Xml.Linq;
using CaptioningKit.Model;
using CaptioningKit.Teaching;
using Xunit;

namespace CaptioningKit.Tests.Display;

public class DiagramsTests
{
    static void WellFormed(string svg) => XDocument.Parse(svg); // throws on broken markup

    [Fact]
    public void The_step_diagram_shows_every_shape_from_the_configuration()
    {
        var config = CaptionerConfig.ForShapes(23);
        var view = ModelPictures.Step(config, batch: 32);
        WellFormed(view.Svg);
        Assert.Contains("(32, 64, 130)", view.Svg);   // f: 8x8 cells, 128 + 2 position channels
        Assert.Contains("(32, 64, 128)", view.Svg);   // W_f f: attention 128
        Assert.Contains("(32, 256)", view.Svg);       // h: hidden 256
        Assert.Contains("(32, 194)", view.Svg);       // x: embedding 64 + 130
        Assert.Contains("(32, 23)", view.Svg);        // logits: the vocabulary
        Assert.Contains("gate", view.Svg);
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "ck-diagram-step.html"), view.ToNotebookHtml());
    }

    [Fact]
    public void The_model_diagram_draws_the_grid_and_names_the_sizes()
    {
        var config = CaptionerConfig.ForShapes(23);
        var view = ModelPictures.Whole(config);
        WellFormed(view.Svg);
        Assert.Equal(64, view.Svg.Split("<rect").Count(r => r.Contains("stroke-width=\"0.5\"")));   // one square per cell
        Assert.Contains("8 x 8 = 64 vectors f_i", view.Svg);
        Assert.Contains("128 + 2 position channels", view.Svg);
        Assert.Contains("LSTM", view.Svg);
        var photo = ModelPictures.Whole(CaptionerConfig.ForPhotos(23));
        Assert.Contains("7 x 7 = 49 vectors f_i", photo.Svg);
        Assert.DoesNotContain("position", photo.Svg);
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "ck-diagram-model.html"), view.ToNotebookHtml());
    }
}
