using System.Text.RegularExpressions;
using CaptioningKit.Data.Generated;
using CaptioningKit.Data.Generated.Formulas;
using Xunit;

namespace CaptioningKit.Tests.Data.Generated;

public class FormulasTests
{
    [Fact]
    public void Formulas_are_in_Hill_order_fit_and_use_only_the_font()
    {
        var hill = new Regex(@"^C\d*(H\d*)?(Br\d*)?(Cl\d*)?(F\d*)?(N\d*)?(O\d*)?(P\d*)?(S\d*)?$");
        var rng = new Random(11);
        var seen = new HashSet<string>();
        for (int i = 0; i < 2000; i++)
        {
            var f = FormulaSampler.Sample(rng);
            seen.Add(f);
            Assert.Matches(hill, f);
            Assert.DoesNotMatch(@"[A-Za-z]1(?!\d)", f); // a count of 1 is never written
            Assert.InRange(f.Length, 1, FormulaSampler.MaxLength);
            Assert.All(f, c => Assert.True(BitmapFont.Supports(c), $"no glyph for {c}"));
        }
        Assert.True(seen.Count > 1500, "formulas should vary");
        Assert.Equal(FormulaSampler.Alphabet, string.Concat(BitmapFont.Characters.Order()));
    }

    [Fact]
    public void Rendering_has_ink_inside_the_margin_and_is_greyscale_of_the_asked_size()
    {
        using var image = FormulaRenderer.Draw("C13H20OS", 256, 64, new Random(2));
        Assert.Equal((256, 64), (image.Width, image.Height));
        int ink = 0;
        for (int y = 0; y < 64; y++) for (int x = 0; x < 256; x++) if (image[x, y].PackedValue == 0) ink++;
        Assert.InRange(ink, 150, 256 * 64 / 3);
    }

    [Fact]
    public void Unknown_character_is_a_clear_error()
    {
        var e = Assert.Throws<ArgumentException>(() => FormulaRenderer.Draw("CaZ", 256, 64, new Random(1)));
        Assert.Contains("BitmapFont.cs", e.Message);
    }
}
