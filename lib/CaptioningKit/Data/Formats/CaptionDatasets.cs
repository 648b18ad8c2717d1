namespace CaptioningKit.Data;

/// <summary>Placeholder while the readers are written.</summary>
public static partial class CaptionDatasets
{
    public const string Flickr8k = "flickr8k", Coco = "coco", Karpathy = "karpathy", Bms = "bms", CaptionsCsv = "captions-csv", Folder = "folder";
}
