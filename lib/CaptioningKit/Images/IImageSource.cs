namespace CaptioningKit.Images;

/// <summary>Where decoded images come from; the batch loader and the feature cache read through it (tests count calls).</summary>
public interface IImageSource
{
    /// <summary>Decodes the image at <paramref name="path"/>; throws <see cref="ImageLoadException"/> on any problem.</summary>
    LoadedImage Load(string path);
}

/// <summary>Files on disk through <see cref="ImageLoader"/>.</summary>
public sealed class FileImageSource(ImageLoadOptions? options = null) : IImageSource
{
    public ImageLoadOptions Options { get; } = options ?? ImageLoadOptions.Default;

    public LoadedImage Load(string path) => ImageLoader.Load(path, Options);
}
