namespace CaptioningKit.Data;

/// <summary>Which part of a dataset an image belongs to.</summary>
public enum Split { Train, Val, Test }

/// <summary>
/// The one model every dataset is read into: an image (its id and the path of its file) with its reference captions
/// and its split. Flickr8k, COCO, Karpathy splits, BMS, the user's own folder and the built-in sets all end here.
/// </summary>
public sealed record CaptionedImage(string Id, string ImagePath, IReadOnlyList<string> Captions, Split Split);
