using CaptioningKit.Data.Generated;
using CaptioningKit.Evaluation;
using Xunit;

namespace CaptioningKit.Tests.Evaluation;

public class CharacterLocalisationTests
{
    // A 1x4 grid over a 40x10 image: cell c covers x in [10c, 10c + 10).
    static IReadOnlyList<float> At(int cell) => Enumerable.Range(0, 4).Select(i => i == cell ? 0.7f : 0.1f).ToList();
    static readonly PixelBox[] Boxes = [new(0, 2, 8, 9), new(12, 2, 20, 9), new(22, 2, 30, 9)]; // "CH4": one glyph per cell 0..2

    [Fact]
    public void A_character_is_a_hit_when_its_most_attended_cell_overlaps_its_box()
    {
        var right = new AttendedFormula("CH4", [At(0), At(1), At(2)], "CH4", Boxes, 40, 10);
        Assert.Equal(new LocalisationScore(3, 3), CharacterLocalisation.Score([right], 1, 4));
        var late = new AttendedFormula("CH4", [At(1), At(2), At(3)], "CH4", Boxes, 40, 10); // always one cell too far right
        Assert.Equal(new LocalisationScore(0, 3), CharacterLocalisation.Score([late], 1, 4));
    }

    [Fact]
    public void Wrong_characters_are_matched_by_the_edit_alignment_and_extra_ones_are_misses()
    {
        // "CH3" reads the 4 wrongly but looks at its glyph: a hit. "CH44" has an extra 4: a miss, whatever it looked at.
        Assert.Equal(new LocalisationScore(3, 3), CharacterLocalisation.Score([new AttendedFormula("CH3", [At(0), At(1), At(2)], "CH4", Boxes, 40, 10)], 1, 4));
        Assert.Equal(new LocalisationScore(3, 4), CharacterLocalisation.Score([new AttendedFormula("CH44", [At(0), At(1), At(2), At(2)], "CH4", Boxes, 40, 10)], 1, 4));
        // A missed character was never generated: "C4" scores 2 characters.
        Assert.Equal(new LocalisationScore(2, 2), CharacterLocalisation.Score([new AttendedFormula("C4", [At(0), At(2)], "CH4", Boxes, 40, 10)], 1, 4));
    }

    [Fact]
    public void The_cell_rectangle_follows_rows_and_columns()
    {
        float[] weights = [0, 0, 0, 0, 0, 1]; // 2 rows x 3 columns: the last cell
        Assert.Equal((20.0, 5.0, 30.0, 10.0), CharacterLocalisation.MostAttendedCell(weights, 2, 3, 30, 10));
        Assert.Throws<ArgumentException>(() => CharacterLocalisation.MostAttendedCell(weights, 1, 4, 30, 10));
    }

    [Fact]
    public void Mismatched_counts_are_errors_naming_the_formula()
    {
        Assert.Contains("'CH4'", Assert.Throws<ArgumentException>(() => CharacterLocalisation.Score([new AttendedFormula("CH4", [At(0)], "CH4", Boxes, 40, 10)], 1, 4)).Message);
        Assert.Contains("boxes", Assert.Throws<ArgumentException>(() => CharacterLocalisation.Score([new AttendedFormula("CH4", [At(0), At(1), At(2)], "CH4", Boxes[..2], 40, 10)], 1, 4)).Message);
    }
}
