namespace CaptioningKit.Vocabulary;

/// <summary>
/// Made-up captions that look and count like Flickr8k's: "A young girl in a pink T-shirt is running on the beach ."
/// Each slot (subject, colour, clothing, action, place...) draws its word from a list with Zipf weights (the r-th
/// word is drawn with weight 1/r), so a few words are very common and many are rare: the long tail that makes the
/// vocabulary threshold matter. The place slot has the longest tail: after the real place words come made-up
/// compounds of two of them ("lakepark", "snowbridge"), thousands of rare words, as in real captions where most
/// distinct words are seen once or twice. They keep Flickr8k's quirks for the cleaning rules to act on: a capital first letter,
/// a detached " .", the odd digit ("2 dogs"), hyphens ("T-shirt") and possessives ("man's"). Deterministic for a seed.
/// </summary>
public static class ExampleCaptions
{
    static readonly string[] People =
    [
        "man", "woman", "dog", "boy", "girl", "child", "person", "people", "men", "dogs", "children", "player", "women", "kid",
        "baby", "crowd", "biker", "skier", "surfer", "climber", "toddler", "lady", "guy", "puppy", "cyclist", "snowboarder",
        "skateboarder", "swimmer", "runner", "football player", "teenager", "couple", "family", "rider", "team", "musician",
        "dancer", "worker", "hiker", "tourist", "horse", "cat", "bird", "cow", "goat", "poodle", "terrier", "collie",
        "retriever", "dalmatian", "sheepdog", "greyhound", "chihuahua", "policeman", "fireman", "clown", "drummer",
        "guitarist", "referee", "goalie", "jockey", "fisherman", "vendor", "photographer", "bride", "groom", "gymnast",
        "wrestler", "boxer", "cowboy", "acrobat", "juggler", "sailor", "soldier", "nun", "monk", "pianist", "violinist",
    ];

    static readonly string[] Adjectives =
    [
        "black", "white", "brown", "young", "little", "small", "red", "blue", "large", "older", "yellow", "green", "big",
        "smiling", "pink", "wet", "happy", "orange", "purple", "tall", "grey", "blond", "shirtless", "muddy", "fluffy",
        "spotted", "elderly", "curly", "bearded", "tan", "golden", "striped", "barefoot", "sleepy", "tired", "excited",
        "masked", "costumed", "skinny", "chubby", "dark-haired", "red-haired", "long-haired", "bald", "tattooed",
    ];

    static readonly string[] Clothes =
    [
        "shirt", "jacket", "hat", "T-shirt", "dress", "helmet", "coat", "jersey", "uniform", "sweater", "shorts", "swimsuit",
        "costume", "hoodie", "bikini", "vest", "cap", "scarf", "apron", "tuxedo", "kimono", "poncho", "overalls", "wetsuit",
        "raincoat", "sombrero", "turban", "leotard", "tutu", "kilt",
    ];

    static readonly string[] Actions =
    [
        "is running", "is playing", "is standing", "is sitting", "is walking", "is jumping", "runs", "plays", "is climbing",
        "is riding a bike", "is swimming", "is looking", "stands", "sits", "is holding a ball", "is smiling", "is skiing",
        "is surfing", "jumps", "is catching a frisbee", "is dancing", "is throwing a stick", "is eating", "is sleeping",
        "is reading", "is waiting", "is posing", "is laughing", "is fishing", "is digging", "is kicking a ball",
        "is pushing a stroller", "is painting", "is skating", "is singing", "is crawling", "is chasing a cat",
        "is carrying a bag", "is diving", "is rowing", "is juggling", "is hugging a friend", "is waving", "is skipping",
        "is sledding", "is balancing", "is splashing", "is wrestling", "is cheering", "is meditating",
    ];

    static readonly string[] Places =
    [
        "grass", "water", "street", "beach", "snow", "field", "park", "sidewalk", "pool", "road", "sand", "ocean", "air",
        "dirt", "rock", "building", "stage", "city", "crowd", "track", "mountain", "lake", "river", "fountain", "hill",
        "yard", "bench", "wall", "forest", "trail", "court", "ramp", "bridge", "waves", "playground", "garden", "parade",
        "fence", "market", "kitchen", "restaurant", "subway", "bus stop", "porch", "doorway", "alley", "meadow",
        "pier", "harbor", "desert", "cliff", "valley", "stadium", "gym", "library", "classroom", "carnival", "festival",
        "rodeo", "marina", "swamp", "canyon", "glacier", "vineyard", "orchard", "greenhouse", "barn", "stable", "temple",
        "cathedral", "museum", "airport", "skatepark", "trampoline", "sandbox", "puddle", "creek", "waterfall", "dock",
        "boardwalk", "plaza", "courtyard", "rooftop", "balcony", "hallway", "lobby", "stairway", "escalator", "tunnel",
    ];

    static readonly string[] Prepositions = ["on the", "in the", "near the", "at the", "through the", "by the", "under the", "across the", "behind the", "beside the"];
    static readonly string[] Numbers = ["Two", "Three", "2", "Four", "3", "Several", "Five", "Many"];

    /// <summary><paramref name="count"/> captions drawn with <paramref name="seed"/>; the same arguments always give the same captions.</summary>
    public static IReadOnlyList<string> FlickrLike(int count, int seed = 7)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var rng = new Random(seed);
        var result = new List<string>(count);
        for (int i = 0; i < count; i++) result.Add(One(rng));
        return result;
    }

    static string One(Random rng)
    {
        var words = new List<string>();
        string subject = Zipf(rng, People);
        if (rng.NextDouble() < 0.12)
        {
            words.Add(Zipf(rng, Numbers));
            words.Add(Plural(subject));
        }
        else
        {
            words.Add(rng.NextDouble() < 0.85 ? "A" : "The");
            if (rng.NextDouble() < 0.6) words.Add(Zipf(rng, Adjectives));
            words.Add(subject);
        }
        if (rng.NextDouble() < 0.35) { words.Add(rng.NextDouble() < 0.5 ? "in a" : "wearing a"); words.Add(Zipf(rng, Adjectives)); words.Add(Zipf(rng, Clothes)); }
        var action = Zipf(rng, Actions);
        if (words[0] is not ("A" or "The")) action = action.Replace("is ", "are ");
        words.Add(action);
        words.Add(Zipf(rng, Prepositions));
        if (rng.NextDouble() < 0.1) { words.Add(Zipf(rng, People) + "'s"); }
        words.Add(Place(rng));
        if (rng.NextDouble() < 0.8) words.Add(".");
        return string.Join(' ', words);
    }

    static string Plural(string word) => word switch
    {
        "man" => "men", "woman" => "women", "child" => "children", "person" => "people", "people" or "men" or "women" or "children" or "dogs" or "crowd" => word,
        _ when word.EndsWith('y') && !word.EndsWith("ey") && !word.EndsWith("oy") => word[..^1] + "ies",
        _ when word.EndsWith('s') || word.EndsWith("ch") || word.EndsWith('x') => word + "es",
        _ => word + "s",
    };

    const int CompoundSeconds = 40;
    static readonly System.Collections.Concurrent.ConcurrentDictionary<int, double[]> CumulativeByLength = new();
    // (declared before PlaceCumulative: static fields are initialised in textual order)
    static readonly double[] PlaceCumulative = Cumulative(Places.Length * (1 + CompoundSeconds));

    /// <summary>A real place word, or (rarer and rarer) a compound of two: rank r has weight 1/r.</summary>
    static string Place(Random rng)
    {
        int r = Rank(rng, PlaceCumulative);
        if (r < Places.Length) return Places[r];
        int k = r - Places.Length;
        return Places[k / CompoundSeconds].Replace(" ", "") + Places[k % CompoundSeconds].Replace(" ", "");
    }

    /// <summary>The r-th word (1-based) with weight 1/r.</summary>
    static string Zipf(Random rng, string[] words) => words[Rank(rng, Cumulative(words.Length))];

    /// <summary>Running sums of 1/r for r = 1..n.</summary>
    static double[] Cumulative(int n) => CumulativeByLength.GetOrAdd(n, m =>
    {
        var c = new double[m];
        double total = 0;
        for (int r = 1; r <= m; r++) c[r - 1] = total += 1.0 / r;
        return c;
    });

    /// <summary>A 0-based rank drawn with weight 1/(rank + 1).</summary>
    static int Rank(Random rng, double[] cumulative)
    {
        int i = Array.BinarySearch(cumulative, rng.NextDouble() * cumulative[^1]);
        return Math.Min(i < 0 ? ~i : i, cumulative.Length - 1);
    }
}
