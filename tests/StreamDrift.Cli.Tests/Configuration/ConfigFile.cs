namespace StreamDrift.Cli.Tests.Configuration;

/// <summary>A JSON configuration file in a temporary directory, deleted on dispose.</summary>
internal sealed class ConfigFile : IDisposable
{
    public ConfigFile(string json)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"streamdrift-{Guid.NewGuid():N}.json");
        File.WriteAllText(Path, json);
    }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}
