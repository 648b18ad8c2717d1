using CaptioningKit.Bench;

// dotnet run -c Release --project bench/CaptioningKit.Bench -- generate [images] [rounds]
return args.FirstOrDefault() switch
{
    "generate" => GenerateBenchmark.Run(args.Skip(1).ToArray()),
    "vocab-sizes" => VocabularySizes.Run(),
    "demo" => DemoBenchmark.Run(args.Skip(1).ToArray()),
    "variants" => VariantsBenchmark.Run(args.Skip(1).ToArray()),
    "demo-try" => DemoBenchmark.Try(args.Skip(1).ToArray()),
    "formulas-speed" => FormulasSpeed.Run(args.Skip(1).ToArray()),
    "formulas-look" => FormulasLook.Run(args.Skip(1).ToArray()),
    "scale" => ScaleBenchmark.Run(args.Skip(1).ToArray()),
    "compare" => CompareBenchmark.Run(args.Skip(1).ToArray()),
    "make-jpegs" => CompareBenchmark.MakeJpegs(args.Skip(1).ToArray()),
    "make-checkpoint" => ColdStartCheckpoint.Make(args.Skip(1).ToArray()),
    "coldstart-steps" => ColdStartSteps.Run(args.Skip(1).ToArray()),
    "sample" when args.Length > 1 => Sample(args[1]),
    _ => Usage(),
};

// Writes small shapes and formulas sets into a folder, to look at.
static int Sample(string dir)
{
    foreach (var name in CaptioningKit.Data.Generated.BuiltInDatasets.Names)
        Console.WriteLine(CaptioningKit.Data.Generated.BuiltInDatasets.Generate(name, dir, train: 20, val: 4, test: 4).Folder);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: CaptioningKit.Bench generate [images per set, default 2400] [rounds, default 3]\n       CaptioningKit.Bench sample <folder>\n       CaptioningKit.Bench vocab-sizes\n       CaptioningKit.Bench demo [shapes] [formulas] [formulas-raw]\n       CaptioningKit.Bench variants [default gru dot-product …] [--epochs N] [--dry]\n       CaptioningKit.Bench scale flickr8k <Flickr8k.token.txt> [Flickr_8k.trainImages.txt] [epochs]\n       CaptioningKit.Bench scale coco [rows]\n       CaptioningKit.Bench compare [--stages train,greedy,beam,encoder,images,sgemm,memory] [--jpegs DIR] [--batch 64 ...] (see bench/README.md)\n       CaptioningKit.Bench make-jpegs <folder> [count]");
    return 2;
}
