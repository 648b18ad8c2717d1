namespace CaptioningKit.Encoder;

/// <summary>
/// A scope in which the encoders' convolutions skip their random initialisation, because a checkpoint is about to
/// overwrite every weight (Captioner.Load in Model: loading is strict, so a weight left out of the file is an
/// error, never an uninitialised tensor in use). For a ResNet-18 that is 11 M random numbers, and the copy of them, that
/// a cold start no longer computes. Per thread; scopes nest.
/// </summary>
public static class WeightsToBeLoaded
{
    [ThreadStatic] static int depth;

    /// <summary>True inside <see cref="Begin"/> on this thread.</summary>
    public static bool Active => depth > 0;

    /// <summary>Starts the scope; dispose the result to end it.</summary>
    public static IDisposable Begin()
    {
        depth++;
        return new End();
    }

    sealed class End : IDisposable
    {
        bool done;

        public void Dispose()
        {
            if (done) return;
            done = true;
            depth--;
        }
    }
}
