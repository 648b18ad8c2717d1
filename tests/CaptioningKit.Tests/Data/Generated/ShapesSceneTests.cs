using CaptioningKit.Data.Generated;
using CaptioningKit.Data.Generated.Shapes;
using SixLabors.ImageSharp.PixelFormats;
using System.Text.RegularExpressions;
using Xunit;

namespace CaptioningKit.Tests.Data.Generated;

public class ShapesSceneTests
{
    static IEnumerable<(ShapeScene Scene, List<ObjectBox> Boxes)> Scenes(int count, int size = 64) =>
        Enumerable.Range(0, count).Select(i =>
        {
            var scene = ShapeSceneSampler.Sample(new Random(CaptioningKit.Data.SeedMixer.Mix(7, i)), size, size);
            return (scene, scene.Objects.Select(o => new ObjectBox("x", o.Colour.Word, o.Kind.Word(), o.Size.Word(), o.Box)).ToList());
        });

    [Fact]
    public void Boxes_are_inside_the_image_and_do_not_overlap()
    {
        foreach (var (scene, _) in Scenes(400))
        {
            Assert.InRange(scene.Objects.Count, 1, 3);
            Assert.All(scene.Objects, o => Assert.True(o.Box.IsInside(scene.Width, scene.Height), $"{o.Box} outside"));
            for (int a = 0; a < scene.Objects.Count; a++)
                for (int b = a + 1; b < scene.Objects.Count; b++)
                    Assert.False(scene.Objects[a].Box.Overlaps(scene.Objects[b].Box), $"{scene.Objects[a].Box} overlaps {scene.Objects[b].Box}");
        }
    }

    [Fact]
    public void Every_candidate_caption_is_true_of_the_geometry()
    {
        int checkedCaptions = 0;
        foreach (var (scene, boxes) in Scenes(400))
            foreach (var caption in ShapeCaptioner.Candidates(scene))
            {
                Assert.Empty(CaptionTruth.Violations(caption, boxes, scene.Width, scene.Height));
                checkedCaptions++;
            }
        Assert.True(checkedCaptions > 2000);
    }

    [Fact]
    public void The_truth_checker_catches_a_false_caption()
    {
        var boxes = new List<ObjectBox>
        {
            new("x", "red", "circle", "small", new PixelBox(2, 2, 15, 15)),
            new("x", "blue", "square", "large", new PixelBox(40, 40, 62, 62)),
        };
        Assert.Empty(CaptionTruth.Violations("a red circle to the left of a blue square", boxes, 64, 64));
        Assert.NotEmpty(CaptionTruth.Violations("a blue square to the left of a red circle", boxes, 64, 64));
        Assert.NotEmpty(CaptionTruth.Violations("a red circle below a blue square", boxes, 64, 64));
        Assert.NotEmpty(CaptionTruth.Violations("a large red circle", boxes, 64, 64));
        Assert.NotEmpty(CaptionTruth.Violations("a green circle", boxes, 64, 64));
    }

    [Fact]
    public void Captions_are_distinct_and_use_a_small_lexicon()
    {
        Assert.InRange(ShapeCaptioner.Lexicon.Count, 20, 32);
        foreach (var (scene, _) in Scenes(300))
        {
            var captions = ShapeCaptioner.Caption(scene, new Random(1), 5);
            Assert.Equal(5, captions.Distinct().Count());
            Assert.All(captions.SelectMany(c => c.Split(' ')), w => Assert.Contains(w, ShapeCaptioner.Lexicon));
        }
    }

    [Fact]
    public void Every_image_has_its_canonical_caption_naming_all_objects_left_to_right()
    {
        int reorderedScenes = 0;
        foreach (var (scene, _) in Scenes(200))
        {
            var canonical = ShapeCaptioner.Canonical(scene);
            Assert.Contains(canonical, ShapeCaptioner.Caption(scene, new Random(2), 5));
            Assert.Contains(canonical, ShapeCaptioner.Candidates(scene));

            // Read the caption back: "a <size> <colour> <shape>" per object, joined by "and" / "with ... and".
            var phrases = Regex.Matches(canonical, @"\ba (small|large) (\w+) (\w+)\b").ToList();
            var skeleton = Regex.Replace(canonical, @"\ba (small|large) (\w+) (\w+)\b", "P");
            Assert.Contains(skeleton, new[] { "P", "P and P", "P with P and P" });
            var named = phrases.Select(m => scene.Objects.Single(o => o.Colour.Word == m.Groups[2].Value && o.Kind.Word() == m.Groups[3].Value
                                                                      && o.Size.Word() == m.Groups[1].Value)).ToList();
            Assert.Equal(scene.Objects.Count, named.Distinct().Count()); // every object, once, with its own size
            Assert.Equal(scene.Objects.Count, named.Count);

            // Left to right: the centres of the named objects never move left.
            var centres = named.Select(o => (o.Box.X0 + o.Box.X1) / 2.0).ToList();
            for (int i = 1; i < centres.Count; i++)
                Assert.True(centres[i - 1] <= centres[i], $"\"{canonical}\" names an object at x = {centres[i - 1]} before one at x = {centres[i]}");
            var storedCentres = scene.Objects.Select(o => (o.Box.X0 + o.Box.X1) / 2.0).ToList();
            if (!storedCentres.SequenceEqual(storedCentres.Order())) reorderedScenes++;
        }
        Assert.True(reorderedScenes > 20, $"only {reorderedScenes} scenes store their objects out of left-to-right order"); // so the order is not just the sampler's
    }

    [Fact]
    public void Drawn_pixels_lie_in_the_boxes_and_each_box_is_tight()
    {
        foreach (var (scene, _) in Scenes(100))
        {
            using var image = ShapeRasterizer.Draw(scene, new Random(3));
            for (int y = 0; y < scene.Height; y++)
                for (int x = 0; x < scene.Width; x++)
                    if (!image[x, y].Equals(scene.Background))
                        Assert.Contains(scene.Objects, o => x >= o.Box.X0 && x < o.Box.X1 && y >= o.Box.Y0 && y < o.Box.Y1);
            foreach (var o in scene.Objects)
            {
                bool Ink(int x, int y) => !image[x, y].Equals(scene.Background);
                var b = o.Box;
                Assert.True(Enumerable.Range(b.X0, b.Width).Any(x => Ink(x, b.Y0)), $"{o.Name}: top row empty");
                Assert.True(Enumerable.Range(b.X0, b.Width).Any(x => Ink(x, b.Y1 - 1)), $"{o.Name}: bottom row empty");
                Assert.True(Enumerable.Range(b.Y0, b.Height).Any(y => Ink(b.X0, y)), $"{o.Name}: left column empty");
                Assert.True(Enumerable.Range(b.Y0, b.Height).Any(y => Ink(b.X1 - 1, y)), $"{o.Name}: right column empty");
            }
        }
    }

    [Fact]
    public void Image_size_is_configurable()
    {
        var scene = ShapeSceneSampler.Sample(new Random(5), 96, 80);
        using var image = ShapeRasterizer.Draw(scene, new Random(5));
        Assert.Equal((96, 80), (image.Width, image.Height));
        Assert.All(scene.Objects, o => Assert.True(o.Box.IsInside(96, 80)));
        Assert.IsType<SixLabors.ImageSharp.Image<Rgb24>>(image);
    }
}
