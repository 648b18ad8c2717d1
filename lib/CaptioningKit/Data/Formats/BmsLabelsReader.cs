namespace CaptioningKit.Data;

/// <summary>
/// Reads the BMS molecular-translation labels: <c>train_labels.csv</c> with header <c>image_id,InChI</c>. The image of
/// id <c>000011a64c74</c> is <c>train/0/0/0/000011a64c74.png</c> (its first three characters name the folders); the
/// "caption" is the InChI string (quoted in the file, as it contains commas). The competition labels only the
/// training set, so the split is <see cref="DeterministicSplit"/> of the id.
/// </summary>
static class BmsLabelsReader
{
    public const string LabelsFile = "train_labels.csv";

    public static CaptionLoadResult Load(string path, LoadOptions options)
    {
        var file = Directory.Exists(path) ? Path.Combine(path, LabelsFile) : path;
        if (!File.Exists(file)) throw new CaptionFormatException(file, 0, $"no BMS labels here; expected {LabelsFile} from the Kaggle download");
        var root = options.ImageRoot ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, "train");
        var collector = new CaptionCollector(CaptionDatasets.Bms, file, options);
        collector.Report.Note("BMS labels only the training images: split 80/10/10 by a hash of the image id");

        using var reader = TextFiles.OpenText(file);
        var first = true;
        foreach (var (fields, line, error) in new CsvRecordReader(reader, ',', file).Records())
        {
            if (first)
            {
                first = false;
                if (fields.Count < 2 || !fields[0].Trim().Equals("image_id", StringComparison.OrdinalIgnoreCase))
                    throw new CaptionFormatException(file, line, "missing header; the first line must be 'image_id,InChI'");
                continue;
            }
            collector.Read();
            if (error is not null) { collector.Malformed(file, line, error); continue; }
            if (fields.Count != 2) { collector.Malformed(file, line, $"{fields.Count} fields, expected 2 (image_id, quoted InChI)"); continue; }
            var id = fields[0].Trim();
            var inchi = fields[1].Trim();
            if (id.Length < 3 || !id.All(char.IsAsciiLetterOrDigit)) { collector.Malformed(file, line, $"image id '{id}' is not 3+ letters/digits"); continue; }
            if (!inchi.StartsWith("InChI=", StringComparison.Ordinal)) { collector.Malformed(file, line, "the label does not start with 'InChI='"); continue; }
            var imagePath = Path.Combine(root, id[0].ToString(), id[1].ToString(), id[2].ToString(), id + ".png");
            collector.Add(id, imagePath, DeterministicSplit.Of(id), inchi, file, line);
        }
        return collector.Finish();
    }
}
