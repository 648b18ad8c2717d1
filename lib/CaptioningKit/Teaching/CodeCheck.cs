using System.Globalization;
using static TorchSharp.torch;

namespace CaptioningKit.Teaching;

/// <summary>
/// What every code exercise shares: run the learner's function without letting it crash the notebook (the stub's
/// NotImplementedException means "not answered yet"; any other exception becomes a wrong answer naming it), and
/// compare its tensors with the kit's, naming the FIRST thing that differs: the shape, then the value at an index.
/// </summary>
internal static class CodeCheck
{
    /// <summary>
    /// Calls <paramref name="call"/>. Returns null and the result when it returned; otherwise the verdict to show
    /// (NotAnswered for a NotImplementedException, Wrong naming any other exception).
    /// </summary>
    public static ExerciseResult? Invoke<T>(string name, Func<T> call, string startHint, out T result)
    {
        result = default!;
        try
        {
            result = call();
            return null;
        }
        catch (NotImplementedException)
        {
            return ExerciseResult.NotWritten(name, startHint);
        }
        catch (Exception e)
        {
            return ExerciseResult.Wrong(name, $"your code threw {e.GetType().Name}: {FirstLine(e.Message)}",
                "Fix the line the error points at; print each intermediate tensor's .shape to see where the sizes stop matching.");
        }
    }

    /// <summary>
    /// Null when <paramref name="actual"/> has the shape of <paramref name="expected"/> and every value within
    /// <paramref name="tolerance"/> (relative, plus the same absolute); otherwise "what has shape (…), expected (…)" or
    /// "what[i, j] is x, expected y" for the first index in row-major order that differs (NaN always differs).
    /// </summary>
    public static string? FirstDifference(string what, Tensor expected, Tensor? actual, double tolerance = 1e-4)
    {
        if (actual is null) return $"{what} is null";
        if (!expected.shape.SequenceEqual(actual.shape)) return $"{what} has shape {Shape(actual.shape)}, expected {Shape(expected.shape)}";
        var e = Values(expected);
        var a = Values(actual);
        for (var i = 0; i < e.Length; i++)
            if (!(Math.Abs(e[i] - a[i]) <= tolerance * (1 + Math.Abs(e[i]))))
                return $"{what}{Index(i, expected.shape)} is {Number(a[i])}, expected {Number(e[i])}";
        return null;
    }

    /// <summary>True when both have one shape and all values within <paramref name="tolerance"/>.</summary>
    public static bool Same(Tensor expected, Tensor? actual, double tolerance = 1e-4) => FirstDifference("", expected, actual, tolerance) is null;

    /// <summary>The values of <paramref name="t"/> as doubles, row-major (detached, on the CPU).</summary>
    public static double[] Values(Tensor t)
    {
        using var scope = NewDisposeScope();
        return t.detach().cpu().to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
    }

    /// <summary>"(2, 3)" for a shape; "()" for a scalar.</summary>
    public static string Shape(IEnumerable<long> shape) => $"({string.Join(", ", shape)})";

    /// <summary>"[1, 0, 2]": the row-major flat index <paramref name="flat"/> as one index per dimension ("" for a scalar).</summary>
    public static string Index(long flat, long[] shape)
    {
        if (shape.Length == 0) return "";
        var index = new long[shape.Length];
        for (var d = shape.Length - 1; d >= 0; d--)
        {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return $"[{string.Join(", ", index)}]";
    }

    public static string Number(double x) => x.ToString("G5", CultureInfo.InvariantCulture);

    /// <summary>A deterministic (shape) float32 tensor of normal values from <paramref name="random"/>.</summary>
    public static Tensor Normal(Random random, params long[] shape)
    {
        var n = shape.Aggregate(1L, (p, s) => p * s);
        var values = new float[n];
        for (var i = 0; i < n; i++)
            values[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        return tensor(values, shape); // (shape)
    }

    static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
