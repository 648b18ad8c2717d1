using CaptioningKit.Teaching;
using Xunit;

namespace CaptioningKit.Tests.Teaching;

public class SelfCheckTests
{
    [Fact]
    public void A_claim_that_holds_is_confirmed_in_one_line()
    {
        Assert.Equal("✓ the cache equals the encoder", SelfCheck.Require(true, "the cache equals the encoder"));
    }

    [Fact]
    public void A_claim_that_fails_stops_the_cell_and_says_which_claim()
    {
        var e = Assert.Throws<InvalidOperationException>(() => SelfCheck.Require(false, "the cache equals the encoder"));
        Assert.StartsWith("Self-check failed: \"the cache equals the encoder\" does not hold.", e.Message);
    }

    [Fact]
    public void Throws_returns_the_expected_exception()
    {
        var thrown = new FormatException("bad line 3");
        Assert.Same(thrown, SelfCheck.Throws<FormatException>(() => throw thrown, "a bad line is refused"));
        // A subclass counts as the expected type.
        Assert.IsType<ArgumentNullException>(SelfCheck.Throws<ArgumentException>(() => throw new ArgumentNullException("x"), "null is refused"));
    }

    [Fact]
    public void Throws_fails_when_nothing_is_thrown_and_lets_other_exceptions_through()
    {
        var e = Assert.Throws<InvalidOperationException>(() => SelfCheck.Throws<FormatException>(() => { }, "a bad line is refused"));
        Assert.StartsWith("Self-check failed: \"a bad line is refused\" does not hold: no FormatException was thrown.", e.Message);
        Assert.Throws<TimeoutException>(() => SelfCheck.Throws<FormatException>(() => throw new TimeoutException(), "a bad line is refused"));
    }
}
