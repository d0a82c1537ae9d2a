namespace StreamDrift.Web.Tests;

/// <summary>The repository's root: the folder above the test binaries that holds StreamDrift.sln.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StreamDrift.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("StreamDrift.sln not found above " + AppContext.BaseDirectory);
    }
}
