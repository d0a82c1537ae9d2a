namespace StreamDrift.Cli.Tests.Deployment;

/// <summary>The checkout the tests run from (the directory holding StreamDrift.sln).</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "StreamDrift.sln")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("StreamDrift.sln not found above the test assembly");
    }
}
