using System.Text;

namespace CaptioningKit.Data.Generated.Formulas;

/// <summary>
/// Invents plausible molecular formulas written in Hill order, as in the BMS molecule-translation data: carbon
/// first, hydrogen second, then the other elements alphabetically (Br, Cl, F, N, O, P, S); a count of 1 is not
/// written. Examples: <c>C13H20OS</c>, <c>C6H12O6</c>, <c>CH4</c>, <c>C8H9BrN2O</c>.
/// </summary>
public static class FormulaSampler
{
    /// <summary>The longest formula produced, so that it fits the image at a readable scale.</summary>
    public const int MaxLength = 16;

    /// <summary>The elements used, with how often each appears and its largest count.</summary>
    static readonly (string Symbol, double Chance, int MaxCount)[] Heteroatoms =
    [
        ("Br", 0.06, 2), ("Cl", 0.12, 3), ("F", 0.12, 3), ("N", 0.45, 4), ("O", 0.65, 6), ("P", 0.04, 1), ("S", 0.15, 2),
    ];

    /// <summary>Every character a formula can contain, sorted.</summary>
    public const string Alphabet = "0123456789BCFHNOPSlr";

    public static string Sample(Random rng)
    {
        while (true)
        {
            var sb = new StringBuilder();
            int carbons = rng.NextDouble() < 0.15 ? rng.Next(1, 4) : rng.Next(2, 31);
            int heteroatomCount = 0;
            var others = new List<(string, int)>();
            foreach (var (symbol, chance, max) in Heteroatoms)
                if (rng.NextDouble() < chance) { int n = rng.Next(1, max + 1); others.Add((symbol, n)); heteroatomCount += n; }
            int hydrogens = rng.Next(0, 2 * carbons + 3 + heteroatomCount);
            Append(sb, "C", carbons);
            Append(sb, "H", hydrogens);
            foreach (var (symbol, n) in others) Append(sb, symbol, n);
            if (sb.Length <= MaxLength) return sb.ToString();
        }
    }

    static void Append(StringBuilder sb, string symbol, int count)
    {
        if (count <= 0) return;
        sb.Append(symbol);
        if (count > 1) sb.Append(count);
    }
}
