using CaptioningKit.Data.Generated;
using CaptioningKit.Data;

namespace CaptioningKit.Teaching;

/// <summary>
/// The checks of notebook 01 (data), asked about the dataset the learner has just loaded. Each returns an
/// <see cref="ExerciseResult"/>: right, wrong with a hint, or not answered yet. They never throw on an answer.
/// </summary>
public static class DataExercises
{
    /// <summary>"How many reference captions does image <paramref name="imageId"/> have?"</summary>
    public static ExerciseResult CaptionsPerImage(IReadOnlyList<CaptionedImage> dataset, string imageId, int? answer)
    {
        string name = $"Captions of image {imageId}";
        if (answer is null or 0) return ExerciseResult.NotAnswered(name, "Find the image by its Id and count its Captions.");
        var image = dataset.FirstOrDefault(i => SameImage(i.Id, imageId));
        if (image is null) return ExerciseResult.Wrong(name, $"There is no image {imageId} in this dataset.", "Ask about an image the dataset has: print dataset[0].Id.");
        int expected = image.Captions.Count;
        if (answer == expected) return ExerciseResult.Right(name, $"{expected} captions: several people described the same picture, each in their own words.");
        string hint = answer == dataset.Sum(i => i.Captions.Count)
            ? "That is every caption in the dataset; look at one image only."
            : "Each CaptionedImage holds all its captions in .Captions: count that list for this image.";
        return ExerciseResult.Wrong(name, $"{answer} is not the number of captions.", hint);
    }

    /// <summary>"How many images are in the <paramref name="split"/> split?"</summary>
    public static ExerciseResult ImagesInSplit(IReadOnlyList<CaptionedImage> dataset, Split split, int? answer)
    {
        string name = $"Images in the {DatasetLayout.SplitWord(split)} split";
        if (answer is null) return ExerciseResult.NotAnswered(name, "Count the images whose Split is " + split + ".");
        int expected = dataset.Count(i => i.Split == split);
        if (answer == expected) return ExerciseResult.Right(name, $"{expected} images.");
        string hint = answer == dataset.Where(i => i.Split == split).Sum(i => i.Captions.Count)
            ? "You counted captions; count images (each image appears once, with all its captions)."
            : answer == dataset.Count ? "That is the whole dataset; keep only the images of this split."
            : "Filter the images by their Split, then count them.";
        return ExerciseResult.Wrong(name, $"{answer} is not the number of {DatasetLayout.SplitWord(split)} images.", hint);
    }

    /// <summary>"What is the bounding box of the <paramref name="colour"/> <paramref name="shape"/> in image <paramref name="imageId"/>?"</summary>
    public static ExerciseResult BoundingBox(IReadOnlyList<ObjectBox> boxes, string imageId, string colour, string shape, PixelBox? answer)
    {
        string name = $"Box of the {colour} {shape} in {imageId}";
        if (answer is null || answer == default(PixelBox)) return ExerciseResult.NotAnswered(name, "Read objects.csv (ObjectBoxesCsv.Read) and find the row of this image, colour and shape.");
        var box = boxes.FirstOrDefault(b => SameImage(b.Image, imageId) && b.Colour == colour && b.Shape == shape);
        if (box is null) return ExerciseResult.Wrong(name, $"Image {imageId} has no {colour} {shape}.", "Ask about an object the image has: list its rows in objects.csv.");
        var e = box.Box;
        var a = answer.Value;
        if (a == e) return ExerciseResult.Right(name, $"{e}: x from {e.X0} up to (not including) {e.X1}, y from {e.Y0} down to {e.Y1}.");
        string hint =
            a == new PixelBox(e.Y0, e.X0, e.Y1, e.X1) ? "x and y are swapped: x0, y0 is the top-left corner (x counts columns, y counts rows)."
            : a == e with { X1 = e.X1 - 1, Y1 = e.Y1 - 1 } ? "x1 and y1 are exclusive (one past the last pixel), as in Width = x1 - x0."
            : a == new PixelBox(e.X0, e.Y0, e.Width, e.Height) ? "The last two numbers are the corner x1, y1, not the width and height."
            : "Find the row of objects.csv with this image, colour and shape; its x0,y0,x1,y1 columns are the answer.";
        return ExerciseResult.Wrong(name, $"{a} is not the box.", hint);
    }

    /// <summary>Ids are compared without a file extension, so "shapes-00001" and "shapes-00001.png" match.</summary>
    static bool SameImage(string a, string b) =>
        string.Equals(Path.GetFileNameWithoutExtension(a), Path.GetFileNameWithoutExtension(b), StringComparison.Ordinal);
}
