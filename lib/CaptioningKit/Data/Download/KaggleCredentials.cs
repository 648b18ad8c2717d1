using System.Text;
using System.Text.Json;

namespace CaptioningKit.Data;

/// <summary>
/// A Kaggle API user name and key, read the way the official <c>kaggle</c> tool reads them: the environment
/// variables KAGGLE_USERNAME and KAGGLE_KEY, else <c>kaggle.json</c> in $KAGGLE_CONFIG_DIR or ~/.kaggle.
/// The key is a secret: <see cref="ToString"/> hides it and the kit never logs it or puts it in a message.
/// </summary>
public sealed class KaggleCredentials
{
    /// <summary>The Kaggle user name.</summary>
    public string Username { get; }
    readonly string _key;

    /// <summary>Credentials from explicit values.</summary>
    public KaggleCredentials(string username, string key)
    {
        Username = username;
        _key = key;
    }

    /// <summary>The HTTP Basic <c>Authorization</c> header value Kaggle's API expects.</summary>
    public string AuthorizationHeader => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{_key}"));

    /// <summary>Credentials from the environment or kaggle.json, or null when there are none.</summary>
    public static KaggleCredentials? TryLoad()
    {
        if (Environment.GetEnvironmentVariable("KAGGLE_USERNAME") is { Length: > 0 } user
            && Environment.GetEnvironmentVariable("KAGGLE_KEY") is { Length: > 0 } key)
            return new KaggleCredentials(user, key);
        var dir = Environment.GetEnvironmentVariable("KAGGLE_CONFIG_DIR") is { Length: > 0 } d ? d
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kaggle");
        var file = Path.Combine(dir, "kaggle.json");
        if (!File.Exists(file)) return null;
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file)); // a tiny file, read whole on purpose
            var root = json.RootElement;
            return root.TryGetProperty("username", out var u) && root.TryGetProperty("key", out var k)
                   && u.GetString() is { Length: > 0 } un && k.GetString() is { Length: > 0 } kv
                ? new KaggleCredentials(un, kv)
                : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The user name only; the key is never shown.</summary>
    public override string ToString() => $"Kaggle user {Username} (key hidden)";
}
