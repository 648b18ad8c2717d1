using Xunit;

namespace CaptioningKit.Tests.Notebooks;

/// <summary>The notebook runner's judge: it must see errors and stderr, and name the notebook and cell.</summary>
public class NotebookProblemsTests
{
    [Fact]
    public void Error_outputs_and_stderr_are_reported_with_notebook_and_cell()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("ck-nb-").FullName, "out.ipynb");
        File.WriteAllText(path, """
        {"cells":[
          {"cell_type":"markdown","source":["# title"]},
          {"cell_type":"code","source":["var x = 1;\n","x"],"outputs":[{"output_type":"display_data","data":{"text/plain":["1"]}}]},
          {"cell_type":"code","source":["Boom()"],"outputs":[{"output_type":"error","ename":"Error","evalue":"CS0103: The name 'Boom' does not exist","traceback":[]}]},
          {"cell_type":"code","source":["Warn()"],"outputs":[{"output_type":"stream","name":"stderr","text":["something broke\n"]}]}
        ]}
        """);
        var problems = NotebookRunTests.Problems("07-training.ipynb", path);
        Assert.Equal(2, problems.Count);
        Assert.Equal("07-training.ipynb, cell 3 (Boom()): Error: CS0103: The name 'Boom' does not exist", problems[0]);
        Assert.StartsWith("07-training.ipynb, cell 4 (Warn()): stderr: something broke", problems[1]);
    }

    [Fact]
    public void A_clean_notebook_has_no_problems()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("ck-nb-").FullName, "out.ipynb");
        File.WriteAllText(path, """{"cells":[{"cell_type":"code","source":["1"],"outputs":[{"output_type":"stream","name":"stdout","text":["ok"]}]}]}""");
        Assert.Empty(NotebookRunTests.Problems("00.ipynb", path));
    }
}
