namespace CaptioningKit.Data;

/// <summary>
/// The datasets the kit knows how to fetch. <see cref="Default"/> lists the public ones; tests (or a mirror) build
/// their own catalog with other URLs. Hashes are given only where known for certain: an unknown one is null, and
/// the download is then not verified (never invent a hash).
/// </summary>
public sealed class DatasetCatalog
{
    /// <summary>Every entry, in display order.</summary>
    public IReadOnlyList<DatasetCatalogEntry> Entries { get; }

    /// <summary>A catalog of the given entries.</summary>
    public DatasetCatalog(IEnumerable<DatasetCatalogEntry> entries) => Entries = entries.ToArray();

    /// <summary>The entry named (or aliased) <paramref name="name"/>, case-insensitive; null when unknown.</summary>
    public DatasetCatalogEntry? TryFind(string name) =>
        Entries.FirstOrDefault(e => string.Equals(e.Name, name.Trim(), StringComparison.OrdinalIgnoreCase)
            || e.Aliases.Any(a => string.Equals(a, name.Trim(), StringComparison.OrdinalIgnoreCase)));

    /// <summary>The entry named <paramref name="name"/>.</summary>
    /// <exception cref="DownloadException">Kind <see cref="DownloadErrorKind.UnknownDataset"/>, listing the known names.</exception>
    public DatasetCatalogEntry Find(string name) => TryFind(name)
        ?? throw new DownloadException(DownloadErrorKind.UnknownDataset,
            $"Unknown dataset '{name}'. Known datasets: {string.Join(", ", Entries.Select(e => e.Name))}.");

    const long MB = 1_000_000, GB = 1_000_000_000;
    const string KaggleCompetition = "bms-molecular-translation";

    /// <summary>Flickr8k, COCO 2014 and 2017 (captions), the Karpathy splits and the BMS Kaggle competition.</summary>
    public static DatasetCatalog Default { get; } = new([
        new("flickr8k", "Flickr8k",
            "8,091 Flickr photos of people and animals in everyday scenes, 5 crowd-sourced English captions each; the " +
            "standard 6,000/1,000/1,000 train/dev/test split lists are in the text zip. Small enough for a laptop.",
            "Research use only (Hodosh, Young & Hockenmaier, JAIR 2013); the photos belong to their Flickr owners. " +
            "These are the widely used mirror copies of the original release.",
            new Uri("https://hockenmaier.cs.illinois.edu/8k-pictures.html"),
            [
                new("Flickr8k_Dataset.zip", new Uri("https://github.com/jbrownlee/Datasets/releases/download/Flickr8k/Flickr8k_Dataset.zip"), 1_115 * MB),
                new("Flickr8k_text.zip", new Uri("https://github.com/jbrownlee/Datasets/releases/download/Flickr8k/Flickr8k_text.zip"), 2_340_000),
            ],
            CaptionDatasets.Flickr8k, "Flickr8k.token.txt"),

        new("coco2014", "MS COCO 2014 (captions)",
            "82,783 training and 40,504 validation images of everyday scenes, about 5 captions each (captions_train2014.json, " +
            "captions_val2014.json). The classic split for captioning papers (use the Karpathy splits for train/val/test).",
            "Annotations: CC BY 4.0 (COCO Consortium). Images: Flickr terms of use, owned by their authors.",
            new Uri("https://cocodataset.org/#download"),
            [
                new("train2014.zip", new Uri("http://images.cocodataset.org/zips/train2014.zip"), 13_510 * MB),
                new("val2014.zip", new Uri("http://images.cocodataset.org/zips/val2014.zip"), 6_645 * MB),
                new("annotations_trainval2014.zip", new Uri("http://images.cocodataset.org/annotations/annotations_trainval2014.zip"), 253 * MB),
            ],
            CaptionDatasets.Coco, "annotations/captions_train2014.json"),

        new("coco2017", "MS COCO 2017 (captions)",
            "118,287 training and 5,000 validation images (the same pictures as 2014, re-split), about 5 captions each " +
            "(captions_train2017.json, captions_val2017.json).",
            "Annotations: CC BY 4.0 (COCO Consortium). Images: Flickr terms of use, owned by their authors.",
            new Uri("https://cocodataset.org/#download"),
            [
                new("train2017.zip", new Uri("http://images.cocodataset.org/zips/train2017.zip"), 18 * GB),
                new("val2017.zip", new Uri("http://images.cocodataset.org/zips/val2017.zip"), 778 * MB),
                new("annotations_trainval2017.zip", new Uri("http://images.cocodataset.org/annotations/annotations_trainval2017.zip"), 241 * MB),
            ],
            CaptionDatasets.Coco, "annotations/captions_train2017.json"),

        new("karpathy-splits", "Karpathy splits (COCO, Flickr8k, Flickr30k)",
            "Andrej Karpathy's dataset_coco.json, dataset_flickr8k.json and dataset_flickr30k.json: the train/val/test " +
            "(and COCO 'restval') splits with tokenised captions used by most captioning papers. Captions only: the " +
            "images come from the coco2014 or flickr8k entries.",
            "Derived from the datasets' own captions; follow their licences (COCO annotations CC BY 4.0, Flickr8k research only).",
            new Uri("https://cs.stanford.edu/people/karpathy/deepimagesent/"),
            [new("caption_datasets.zip", new Uri("https://cs.stanford.edu/people/karpathy/deepimagesent/caption_datasets.zip"), 36 * MB)],
            CaptionDatasets.Karpathy, "dataset_flickr8k.json"),

        new("bms-molecular-translation", "Bristol-Myers Squibb – Molecular Translation (Kaggle)",
            "About 2.4 million rendered chemical-structure images (PNG) labelled with their InChI strings " +
            "(train_labels.csv), from the 2021 Kaggle competition: image-to-text where the 'caption' is a molecule.",
            "Kaggle competition rules (non-commercial use of competition data; accept the rules on Kaggle first).",
            new Uri($"https://www.kaggle.com/competitions/{KaggleCompetition}"),
            [
                new($"{KaggleCompetition}.zip", new Uri($"https://www.kaggle.com/api/v1/competitions/data/download-all/{KaggleCompetition}"), 8_900 * MB)
                    { NeedsKaggleCredentials = true },
            ],
            CaptionDatasets.Bms, "train_labels.csv")
        {
            Aliases = ["bms"],
            ManualSteps =
                $"This dataset is a Kaggle competition and needs your Kaggle account. (1) Sign in and accept the rules at " +
                $"https://www.kaggle.com/competitions/{KaggleCompetition}/rules. (2) Either create an API token (kaggle.com → Settings → " +
                "API → Create New Token), then set KAGGLE_USERNAME and KAGGLE_KEY or save it as ~/.kaggle/kaggle.json, and run the " +
                $"download again; or run `kaggle competitions download -c {KaggleCompetition} -p <data dir>/{KaggleCompetition}/downloads` " +
                "yourself and run the download again to unpack it.",
        },
    ]);
}
