using Avro;

namespace StreamDrift.Kafka.Tests;

/// <summary>Files of the repository as a downstream consumer would hold them: plain .avsc text.</summary>
internal static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string SchemasDir => Path.Combine(Root, "schemas");

    public static string ApprovedDir => Path.Combine(Root, "tests", "StreamDrift.Kafka.Tests", "Approved");

    public static RecordSchema Avsc(string name) =>
        (RecordSchema)Schema.Parse(File.ReadAllText(Path.Combine(SchemasDir, name + ".avsc")));

    private static string FindRoot()
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
