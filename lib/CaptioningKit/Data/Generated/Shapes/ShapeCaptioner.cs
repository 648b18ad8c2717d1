namespace CaptioningKit.Data.Generated.Shapes;

/// <summary>
/// Writes truthful captions for a scene. It lists every caption the small grammar allows for this geometry (object
/// lists, sizes, "on the left"/"at the top", "to the left of"/"above"/"below"), then picks a few distinct ones at
/// random. The grammar uses about 28 words, so a model learns it in minutes on a CPU:
/// <c>a the and with is on at to of left right top bottom above below small large</c>, the five colours and the
/// five shapes.
/// </summary>
public static class ShapeCaptioner
{
    /// <summary>Every word a caption can contain.</summary>
    public static readonly IReadOnlyList<string> Lexicon =
    [
        "a", "the", "and", "with", "is", "on", "at", "to", "of", "left", "right", "top", "bottom", "above", "below",
        "small", "large", .. ShapeColour.Palette.Select(c => c.Word), .. Enum.GetValues<ShapeKind>().Select(k => k.Word()),
    ];

    /// <summary>
    /// <paramref name="count"/> distinct captions (repeating only if the grammar offers fewer), in random order: the
    /// <see cref="Canonical"/> one, then others drawn at random. Like a human annotator who always names every object,
    /// plus colleagues who word it differently, this gives the model one wording to learn first while BLEU still
    /// rewards the variants (every reference counts).
    /// </summary>
    public static IReadOnlyList<string> Caption(ShapeScene scene, Random rng, int count)
    {
        var canonical = Canonical(scene);
        var others = Candidates(scene).Where(c => c != canonical).ToList();
        for (int i = others.Count - 1; i > 0; i--) { int j = rng.Next(i + 1); (others[i], others[j]) = (others[j], others[i]); }
        List<string> all = [canonical, .. others];
        var chosen = Enumerable.Range(0, count).Select(i => all[i % all.Count]).ToList();
        for (int i = chosen.Count - 1; i > 0; i--) { int j = rng.Next(i + 1); (chosen[i], chosen[j]) = (chosen[j], chosen[i]); }
        return chosen;
    }

    /// <summary>Every object with its size, from left to right: "a small red circle and a large blue square".</summary>
    public static string Canonical(ShapeScene scene)
    {
        var o = scene.Objects.OrderBy(x => x.Box.X0 + x.Box.X1).ThenBy(x => x.Box.Y0).ToList();
        return o.Count switch
        {
            1 => A(o[0], true),
            2 => $"{A(o[0], true)} and {A(o[1], true)}",
            _ => $"{A(o[0], true)} with {A(o[1], true)} and {A(o[2], true)}",
        };
    }

    /// <summary>Every truthful caption for the scene, in a fixed order, without duplicates.</summary>
    public static List<string> Candidates(ShapeScene scene)
    {
        var o = scene.Objects;
        var result = new List<string>();
        if (o.Count == 1)
        {
            var x = o[0];
            result.Add(A(x, false));
            result.Add(A(x, true));
            result.Add($"{The(x)} is {x.Size.Word()}");
            foreach (var place in new[] { ScenePositions.SideOfImage(x.Box, scene.Width), ScenePositions.EndOfImage(x.Box, scene.Height) })
            {
                if (place is null) continue;
                result.Add($"{A(x, false)} {place}");
                result.Add($"{A(x, true)} {place}");
                result.Add($"{The(x)} is {place}");
            }
        }
        else
        {
            foreach (var order in Permutations(o))
                foreach (var sized in new[] { false, true })
                    result.Add(order.Count == 2
                        ? $"{A(order[0], sized)} and {A(order[1], sized)}"
                        : $"{A(order[0], sized)} with {A(order[1], sized)} and {A(order[2], sized)}");
            foreach (var a in o)
                foreach (var b in o)
                {
                    if (a == b) continue;
                    if (ScenePositions.LeftOf(a.Box, b.Box, scene.Width))
                    {
                        result.Add($"{A(a, false)} to the left of {A(b, false)}");
                        result.Add($"{A(b, true)} to the right of {A(a, true)}");
                        result.Add($"{The(a)} is to the left of {The(b)}");
                    }
                    if (ScenePositions.Above(a.Box, b.Box, scene.Height))
                    {
                        result.Add($"{A(a, false)} above {A(b, false)}");
                        result.Add($"{A(b, true)} below {A(a, true)}");
                        result.Add($"{The(b)} is below {The(a)}");
                    }
                }
        }
        return result.Distinct().ToList();
    }

    static string A(SceneObject o, bool sized) => sized ? $"a {o.Size.Word()} {o.Name}" : $"a {o.Name}";
    static string The(SceneObject o) => $"the {o.Name}";

    static IEnumerable<IReadOnlyList<SceneObject>> Permutations(IReadOnlyList<SceneObject> items)
    {
        if (items.Count <= 1) { yield return items; yield break; }
        for (int i = 0; i < items.Count; i++)
            foreach (var rest in Permutations(items.Where((_, k) => k != i).ToList()))
                yield return [items[i], .. rest];
    }
}
