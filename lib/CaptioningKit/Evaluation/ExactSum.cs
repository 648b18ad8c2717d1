namespace CaptioningKit.Evaluation;

/// <summary>
/// A correctly rounded floating-point sum (Shewchuk's algorithm, as Python's <c>math.fsum</c>, which NLTK's BLEU uses):
/// keeps the exact sum as a list of non-overlapping partial sums, so no low-order bits are lost.
/// </summary>
public static class ExactSum
{
    public static double Of(IEnumerable<double> values)
    {
        var partials = new List<double>();
        foreach (var value in values)
        {
            var x = value;
            var i = 0;
            foreach (var partial in partials.ToArray())
            {
                var y = partial;
                if (Math.Abs(x) < Math.Abs(y)) (x, y) = (y, x);
                var hi = x + y;
                var lo = y - (hi - x);
                if (lo != 0.0) partials[i++] = lo;
                x = hi;
            }
            partials.RemoveRange(i, partials.Count - i);
            partials.Add(x);
        }
        // Add the partials from the largest down, with CPython's round-half-even correction.
        var n = partials.Count;
        if (n == 0) return 0.0;
        var total = partials[--n];
        var low = 0.0;
        while (n > 0)
        {
            var x = total;
            var y = partials[--n];
            total = x + y;
            var yr = total - x;
            low = y - yr;
            if (low != 0.0) break;
        }
        if (n > 0 && ((low < 0 && partials[n - 1] < 0) || (low > 0 && partials[n - 1] > 0)))
        {
            var y = low * 2;
            var x = total + y;
            var yr = x - total;
            if (y == yr) total = x;
        }
        return total;
    }
}
