using CaptioningKit.Evaluation;
using Xunit;

namespace CaptioningKit.Tests.Evaluation;

public class BleuFilesTests
{
    static string Write(string name, string text)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("ck-bleu-").FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Tab_separated_and_json_references_give_the_same_scores_as_the_library()
    {
        var hyps = Write("h.txt", "<start> a red circle <end>\na blue square on the left\n");
        var tsv = Write("r.txt", "a red circle\ta large red circle\nthe blue square on the left\ta blue square\n");
        var json = Write("r.json", """[["a red circle","a large red circle"],["the blue square on the left","a blue square"]]""");
        var expected = CorpusBleu.Bleu1To4(
            [[["a", "red", "circle"], ["a", "large", "red", "circle"]], [["the", "blue", "square", "on", "the", "left"], ["a", "blue", "square"]]],
            [["a", "red", "circle"], ["a", "blue", "square", "on", "the", "left"]]);
        Assert.Equal(expected, BleuFiles.Score(tsv, hyps));
        Assert.Equal(expected, BleuFiles.Score(json, hyps));
        Assert.True(expected.Bleu1 > 0.8);
    }

    [Fact]
    public void A_count_mismatch_names_both_files()
    {
        var hyps = Write("h.txt", "a\nb\nc\n");
        var refs = Write("r.txt", "a\nb\n");
        var e = Assert.Throws<InvalidDataException>(() => BleuFiles.Score(refs, hyps));
        Assert.Contains(refs, e.Message);
        Assert.Contains("3 lines", e.Message);
    }

    [Fact]
    public void Bad_json_and_missing_files_are_clear()
    {
        var hyps = Write("h.txt", "a\n");
        Assert.Contains("not a JSON array", Assert.Throws<InvalidDataException>(() => BleuFiles.Score(Write("r.json", "{\"x\":1}"), hyps)).Message);
        Assert.Throws<FileNotFoundException>(() => BleuFiles.Score("/nonexistent/refs.txt", hyps));
    }
}
