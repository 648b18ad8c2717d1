using CaptioningKit.Data.Generated;
using CaptioningKit.Evaluation;
using Xunit;

namespace CaptioningKit.Tests.Evaluation;

public class AttentionLocalisationTests
{
    // A 100 x 100 image on a 2 x 2 grid: cell centres (25,25) (75,25) / (25,75) (75,75).
    static readonly ObjectBox RedCircle = new("test.png", "red", "circle", "small", new PixelBox(0, 0, 50, 50));      // top-left
    static readonly ObjectBox BlueSquare = new("test.png", "blue", "square", "small", new PixelBox(50, 0, 100, 50));  // top-right

    static float[] Look(int cell) => Enumerable.Range(0, 4).Select(i => i == cell ? 0.7f : 0.1f).ToArray();

    [Fact]
    public void Counts_object_words_whose_peak_cell_centre_is_inside_their_object()
    {
        var caption = new AttendedCaption(
            ["a", "red", "circle", "left", "of", "a", "blue", "square", "<end>"],
            [Look(3), Look(0), Look(0), Look(2), Look(2), Look(3), Look(1), Look(2), Look(3)],
            100, 100, [RedCircle, BlueSquare]);
        var score = AttentionLocalisation.Score([caption], 2, 2);
        // red (cell 0, hit), circle (cell 0, hit), blue (cell 1, hit), square (cell 2 = bottom-left, miss).
        Assert.Equal(new LocalisationScore(3, 4), score);
        Assert.Equal(0.75, score.Share);
    }

    [Fact]
    public void A_word_naming_two_objects_hits_if_it_looks_at_either()
    {
        var greenCircle = new ObjectBox("test.png", "green", "circle", "small", new PixelBox(0, 50, 50, 100)); // bottom-left
        var caption = new AttendedCaption(["circle"], [Look(2)], 100, 100, [RedCircle, greenCircle]);
        Assert.Equal(new LocalisationScore(1, 1), AttentionLocalisation.Score([caption], 2, 2));
    }

    [Fact]
    public void A_hallucinated_object_word_is_a_miss_when_the_vocabulary_is_given()
    {
        var caption = new AttendedCaption(["yellow", "circle"], [Look(0), Look(0)], 100, 100, [RedCircle]);
        Assert.Equal(new LocalisationScore(1, 1), AttentionLocalisation.Score([caption], 2, 2));
        var vocabulary = new HashSet<string> { "red", "blue", "yellow", "circle", "square" };
        Assert.Equal(new LocalisationScore(1, 2), AttentionLocalisation.Score([caption], 2, 2, vocabulary));
    }

    [Fact]
    public void No_object_words_gives_no_share()
    {
        var caption = new AttendedCaption(["a", "shape"], [Look(0), Look(1)], 100, 100, [RedCircle]);
        Assert.Null(AttentionLocalisation.Score([caption], 2, 2).Share);
    }

    [Fact]
    public void Cell_centres_scale_with_non_square_grids_and_images()
    {
        // 2 rows x 4 columns over a 200 x 100 image: cell 6 is row 1, column 2, centre (125, 75).
        var weights = new float[8];
        weights[6] = 1;
        Assert.Equal((125.0, 75.0), AttentionLocalisation.MostAttendedCellCentre(weights, 2, 4, 200, 100));
        Assert.Throws<ArgumentException>(() => AttentionLocalisation.MostAttendedCellCentre(weights, 3, 3, 200, 100));
    }
}
