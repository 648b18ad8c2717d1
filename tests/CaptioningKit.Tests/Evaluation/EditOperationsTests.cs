using CaptioningKit.Evaluation;
using Xunit;

namespace CaptioningKit.Tests.Evaluation;

public class EditOperationsTests
{
    [Theory]
    [InlineData("kitten", "sitting")]
    [InlineData("C12H20N2O", "C12H22N2O")]
    [InlineData("C6H12O6", "C6H12O")]
    [InlineData("CH4", "CH4ClBr")]
    [InlineData("", "C6H6")]
    [InlineData("C6H6", "")]
    [InlineData("C8H9BrN2O", "C8H9BrN2O")]
    [InlineData("ClC", "CCl")]
    public void The_edits_number_the_levenshtein_distance_and_turn_the_prediction_into_the_truth(string prediction, string truth)
    {
        var script = EditOperations.Between(prediction, truth);
        Assert.Equal(EditDistance.Between(prediction, truth), EditOperations.Edits(prediction, truth).Count);
        Assert.Equal(truth, EditOperations.Apply(prediction, script));
        Assert.Equal(prediction, string.Concat(script.Where(o => o.Kind != EditKind.Insert).Select(o => o.From)));       // reads every prediction character in order
        Assert.Equal(truth, string.Concat(script.Where(o => o.Kind != EditKind.Delete).Select(o => o.To)));              // writes every truth character in order
    }

    [Fact]
    public void A_wrong_digit_is_one_substitution_at_its_place()
    {
        var edits = EditOperations.Edits("C12H20N2O", "C12H22N2O");
        var edit = Assert.Single(edits);
        Assert.Equal(new EditOperation(EditKind.Substitute, 5, 5, '0', '2'), edit);
        Assert.Equal("'0' → '2' at 5", edit.ToString());
    }

    [Fact]
    public void A_missed_character_is_an_insertion_and_an_extra_one_a_deletion()
    {
        Assert.Equal([new EditOperation(EditKind.Insert, 6, 6, '\0', '6')], EditOperations.Edits("C6H12O", "C6H12O6"));
        Assert.Equal([new EditOperation(EditKind.Delete, 6, -1, '6', '\0')], EditOperations.Edits("C6H12O6", "C6H12O"));
        Assert.Empty(EditOperations.Edits("CH4", "CH4"));
    }

    [Fact]
    public void Applying_a_script_to_another_prediction_is_an_error()
    {
        var script = EditOperations.Between("CH4", "CH3");
        Assert.Contains("EditOperations.Between", Assert.Throws<ArgumentException>(() => EditOperations.Apply("C2H4", script)).Message);
    }
}
