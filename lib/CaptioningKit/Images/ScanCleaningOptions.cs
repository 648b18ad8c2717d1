namespace CaptioningKit.Images;

/// <summary>Settings of <see cref="ScanCleaning.Clean"/>: the output size (256x64 for the formula set), speckle size, margin, threshold.</summary>
public sealed record ScanCleaningOptions(int Width = 256, int Height = 64, int MinSpecklePixels = 4, int Margin = 4, int? Threshold = null);
