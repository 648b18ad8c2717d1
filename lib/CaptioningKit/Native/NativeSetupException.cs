namespace CaptioningKit.Native;

/// <summary>TorchSharp's native libraries could not be set up; the message names the file and the fix.</summary>
public sealed class NativeSetupException(string message, Exception? inner = null) : Exception(message, inner);
