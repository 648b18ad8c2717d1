using System.Text;
using CaptioningKit.Data;
using CaptioningKit.Encoder;
using CaptioningKit.Tests.Cli;
using Xunit;
using static CaptioningKit.Tests.Cli.CliRun;

namespace CaptioningKit.Tests.Faults;

/// <summary>Inputs that used to crash with a stack trace (exit 134) or mislead: each is now one clear line, exit 1.</summary>
[Collection(CliCollection.Name)]
[Trait("Category", "Faults")]
public sealed class MoreInputFaultTests(CliFiles files)
{
    [Fact]
    public async Task Features_build_without_weights_names_the_option_and_where_to_get_them()
    {
        var previous = Environment.GetEnvironmentVariable(WeightsLocator.EnvironmentVariable);
        Environment.SetEnvironmentVariable(WeightsLocator.EnvironmentVariable, null);
        try
        {
            var r = await Run("features", "build", "--dataset", files.Dataset, "--encoder", "resnet50", "--device", "cpu");
            AssertBadInput(r, "No weights for resnet50", "--weights", WeightsLocator.EnvironmentVariable);
        }
        finally { Environment.SetEnvironmentVariable(WeightsLocator.EnvironmentVariable, previous); }
    }

    [Fact]
    public async Task A_zero_byte_weights_file_is_called_empty_not_an_old_pytorch_format()
    {
        var weights = Path.Combine(files.NewFolder(), "resnet50.pth");
        File.WriteAllBytes(weights, []);
        var r = await Run("features", "build", "--dataset", files.Dataset, "--encoder", "resnet50", "--weights", weights, "--device", "cpu");
        var line = AssertBadInput(r, weights, "is empty (0 bytes)");
        Assert.DoesNotContain("PyTorch", line);
    }

    [Fact]
    public async Task Vocab_build_with_no_training_captions_is_one_line_naming_the_split()
    {
        var folder = files.NewFolder("test-only");
        Directory.CreateDirectory(Path.Combine(folder, "images"));
        File.Copy(files.Image, Path.Combine(folder, "images", "a.png"));
        File.WriteAllText(Path.Combine(folder, "captions.csv"), "image,caption,split\na.png,a red square,test\n");
        var r = await Run("vocab", "build", "--dataset", folder, "--out", files.Missing("v.json"));
        AssertBadInput(r, "captions.csv: the dataset", "has no usable caption in the train split (1 images loaded, 0 of 1 records skipped)", "give some rows the split 'train'");
    }

    [Fact]
    public async Task A_coco_file_with_invalid_utf8_is_one_line_naming_the_file()
    {
        var folder = files.NewFolder("coco");
        var json = Encoding.UTF8.GetBytes("{\"images\":[{\"id\":1,\"file_name\":\"a.png\"}],\"annotations\":[{\"image_id\":1,\"id\":1,\"caption\":\"a ")
            .Concat(new byte[] { 0xFF, 0xFE }).Concat(Encoding.UTF8.GetBytes(" dog\"}]}")).ToArray();
        var path = Path.Combine(folder, "captions_train2014.json");
        File.WriteAllBytes(path, json);
        var r = await Run("train", "--dataset", path, "--epochs", "1", "--out", files.NewFolder("runs"));
        AssertBadInput(r, $"{path}:1: a string is not valid UTF-8");
    }

    [Fact]
    public async Task A_dataset_path_in_no_known_format_says_how_to_fix_it_without_a_missing_option()
    {
        var folder = files.NewFolder("unknown-format");
        File.WriteAllText(Path.Combine(folder, "my-captions.csv"), "image,caption\n");
        var r = await Run("train", "--dataset", folder, "--out", files.NewFolder("runs"));
        var line = AssertBadInput(r, folder, "no captions file in this folder", "rename your captions file");
        Assert.DoesNotContain("name the format explicitly", line);
    }

    [Fact]
    public void A_zero_by_ten_image_is_corrupt_not_too_large()
    {
        // A BMP whose header declares width 0 and height 10.
        var bmp = new byte[58];
        "BM"u8.CopyTo(bmp);
        BitConverter.GetBytes(58).CopyTo(bmp, 2);
        BitConverter.GetBytes(54).CopyTo(bmp, 10);
        BitConverter.GetBytes(40).CopyTo(bmp, 14);
        BitConverter.GetBytes(0).CopyTo(bmp, 18);   // width
        BitConverter.GetBytes(10).CopyTo(bmp, 22);  // height
        BitConverter.GetBytes((short)1).CopyTo(bmp, 26);
        BitConverter.GetBytes((short)24).CopyTo(bmp, 28);
        var e = Assert.Throws<CaptioningKit.Images.ImageLoadException>(() => CaptioningKit.Images.ImageLoader.Load(bmp, "zero.bmp"));
        Assert.NotEqual(CaptioningKit.Images.ImageLoadProblem.TooLarge, e.Problem);
        Assert.DoesNotContain("larger than", e.Message);
    }
}
