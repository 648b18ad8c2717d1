using System.Reflection;
using CaptioningKit.Decoder;
using CaptioningKit.Model;
using CaptioningKit.Teaching;
using CaptioningKit.Training;
using Xunit;

namespace CaptioningKit.Tests.Teaching;

public class ModelSettingsTests
{
    static IEnumerable<string> Settings(Type type, string prefix) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.Name != "EqualityContract")   // init-only record properties: the settings
            .Select(p => prefix + p.Name);

    [Fact]
    public void Every_setting_of_the_model_and_its_training_has_a_row()
    {
        var table = ModelSettings.Of(CaptionerConfig.ForShapes(20), new TrainingOptions());
        var sources = table.Rows.Select(r => r.Source).ToHashSet();
        var settings = Settings(typeof(CaptionerConfig), "").Where(s => s != "Decoder")
            .Concat(Settings(typeof(DecoderOptions), "Decoder."))
            .Concat(Settings(typeof(TrainingOptions), "Training.")).ToList();
        var missing = settings.Except(sources).ToList();
        var unknown = sources.Except(settings).ToList();           // a row for a setting that does not exist
        Assert.True(missing.Count == 0, "no row for: " + string.Join(", ", missing));
        Assert.True(unknown.Count == 0, "rows for no setting: " + string.Join(", ", unknown));
    }

    [Fact]
    public void Values_come_from_the_configuration()
    {
        var config = CaptionerConfig.ForShapes(20);
        var table = ModelSettings.Of(config with { Decoder = config.Decoder with { HiddenDim = 123, Gate = false } }, new TrainingOptions { Epochs = 7 });
        string Value(string source) => table.Rows.Single(r => r.Source == source).Value;
        Assert.Equal("123", Value("Decoder.HiddenDim"));
        Assert.Equal("off", Value("Decoder.Gate"));
        Assert.Equal("7", Value("Training.Epochs"));
        Assert.Equal("on (+2 channels)", Value("CellPositions"));
        Assert.Contains("<td>123</td>", table.ToNotebookHtml());
    }
}
