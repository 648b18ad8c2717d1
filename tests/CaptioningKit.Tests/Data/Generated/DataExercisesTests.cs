using CaptioningKit.Data;
using CaptioningKit.Data.Generated;
using Xunit;

namespace CaptioningKit.Tests.Data.Generated;

public class DataExercisesTests
{
    static readonly IReadOnlyList<CaptionedImage> Dataset =
    [
        new("shapes-00000.png", "images/shapes-00000.png", ["a red circle", "a small red circle", "the red circle is small"], Split.Train),
        new("shapes-00001.png", "images/shapes-00001.png", ["a blue square", "a large blue square"], Split.Train),
        new("shapes-00002.png", "images/shapes-00002.png", ["a green cross", "a large green cross"], Split.Val),
    ];

    static readonly IReadOnlyList<ObjectBox> Boxes = [new("shapes-00000.png", "red", "circle", "small", new PixelBox(3, 20, 16, 33))];

    [Fact]
    public void Captions_per_image()
    {
        Assert.True(DataExercises.CaptionsPerImage(Dataset, "shapes-00000", 3).Correct);
        var wrong = DataExercises.CaptionsPerImage(Dataset, "shapes-00000", 7);
        Assert.False(wrong.Correct);
        Assert.Contains("one image", wrong.Hint);
        Assert.Equal("Not answered yet: replace the placeholder in the cell above and run it again.", DataExercises.CaptionsPerImage(Dataset, "shapes-00000", null).Message);
    }

    [Fact]
    public void Images_in_split()
    {
        Assert.True(DataExercises.ImagesInSplit(Dataset, Split.Train, 2).Correct);
        var counted = DataExercises.ImagesInSplit(Dataset, Split.Train, 5);
        Assert.False(counted.Correct);
        Assert.Contains("captions", counted.Hint);
        Assert.Contains("Not answered", DataExercises.ImagesInSplit(Dataset, Split.Val, null).Message);
    }

    [Fact]
    public void Bounding_box()
    {
        Assert.True(DataExercises.BoundingBox(Boxes, "shapes-00000", "red", "circle", new PixelBox(3, 20, 16, 33)).Correct);
        var swapped = DataExercises.BoundingBox(Boxes, "shapes-00000", "red", "circle", new PixelBox(20, 3, 33, 16));
        Assert.False(swapped.Correct);
        Assert.Contains("swapped", swapped.Hint);
        Assert.Contains("exclusive", DataExercises.BoundingBox(Boxes, "shapes-00000", "red", "circle", new PixelBox(3, 20, 15, 32)).Hint);
        Assert.Contains("Not answered", DataExercises.BoundingBox(Boxes, "shapes-00000", "red", "circle", null).Message);
    }
}
