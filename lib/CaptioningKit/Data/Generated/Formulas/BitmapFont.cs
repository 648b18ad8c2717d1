namespace CaptioningKit.Data.Generated.Formulas;

/// <summary>
/// A tiny 5x7 bitmap font with just the characters molecular formulas need: the digits and the letters of the
/// element symbols (B C F H N O P S, l r). Each glyph is 7 rows of 5 cells; '#' is ink. Characters are placed on a
/// 6-cell pitch (one blank column between glyphs).
/// </summary>
public static class BitmapFont
{
    public const int GlyphWidth = 5, GlyphHeight = 7, Pitch = 6;

    static readonly Dictionary<char, bool[,]> Glyphs = Build(new Dictionary<char, string>
    {
        ['0'] = ".###. #...# #..## #.#.# ##..# #...# .###.",
        ['1'] = "..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.",
        ['2'] = ".###. #...# ....# ...#. ..#.. .#... #####",
        ['3'] = "##### ...#. ..#.. ...#. ....# #...# .###.",
        ['4'] = "...#. ..##. .#.#. #..#. ##### ...#. ...#.",
        ['5'] = "##### #.... ####. ....# ....# #...# .###.",
        ['6'] = "..##. .#... #.... ####. #...# #...# .###.",
        ['7'] = "##### ....# ...#. ..#.. .#... .#... .#...",
        ['8'] = ".###. #...# #...# .###. #...# #...# .###.",
        ['9'] = ".###. #...# #...# .#### ....# ...#. .##..",
        ['B'] = "####. #...# #...# ####. #...# #...# ####.",
        ['C'] = ".###. #...# #.... #.... #.... #...# .###.",
        ['F'] = "##### #.... #.... ####. #.... #.... #....",
        ['H'] = "#...# #...# #...# ##### #...# #...# #...#",
        ['N'] = "#...# #...# ##..# #.#.# #..## #...# #...#",
        ['O'] = ".###. #...# #...# #...# #...# #...# .###.",
        ['P'] = "####. #...# #...# ####. #.... #.... #....",
        ['S'] = ".#### #.... #.... .###. ....# ....# ####.",
        ['l'] = ".##.. ..#.. ..#.. ..#.. ..#.. ..#.. .###.",
        ['r'] = "..... ..... #.##. ##..# #.... #.... #....",
    });

    /// <summary>The characters this font can draw.</summary>
    public static IReadOnlyCollection<char> Characters => Glyphs.Keys;

    public static bool Supports(char c) => Glyphs.ContainsKey(c);

    /// <summary>True when cell (<paramref name="column"/>, <paramref name="row"/>) of <paramref name="c"/>'s glyph is ink.</summary>
    public static bool Ink(char c, int column, int row) =>
        column is >= 0 and < GlyphWidth && row is >= 0 and < GlyphHeight && Glyph(c)[row, column];

    /// <summary>The width of a whole string in font cells (no trailing blank column).</summary>
    public static int TextWidth(int characters) => characters <= 0 ? 0 : characters * Pitch - 1;

    /// <summary>The glyph of <paramref name="c"/> as [row, column] cells, true for ink.</summary>
    public static bool[,] Glyph(char c) => Glyphs.TryGetValue(c, out var g) ? g
        : throw new ArgumentException($"The built-in font has no glyph for '{c}'; it draws only \"{string.Concat(Glyphs.Keys.Order())}\". Add a 5x7 glyph in BitmapFont.cs.", nameof(c));

    static Dictionary<char, bool[,]> Build(Dictionary<char, string> source) => source.ToDictionary(p => p.Key, p =>
    {
        var rows = p.Value.Split(' ');
        if (rows.Length != GlyphHeight || rows.Any(r => r.Length != GlyphWidth))
            throw new InvalidOperationException($"Glyph '{p.Key}' must be {GlyphHeight} rows of {GlyphWidth} cells.");
        var g = new bool[GlyphHeight, GlyphWidth];
        for (int y = 0; y < GlyphHeight; y++) for (int x = 0; x < GlyphWidth; x++) g[y, x] = rows[y][x] == '#';
        return g;
    });
}
