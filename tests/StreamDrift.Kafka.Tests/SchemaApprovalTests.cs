using System.Text.Json.Nodes;
using Avro;
using StreamDrift.Kafka.Avro;

namespace StreamDrift.Kafka.Tests;

/// <summary>
/// The schemas are contracts: every version ever published is kept under Approved/ as
/// <c>&lt;name&gt;.v&lt;version&gt;.avsc</c>. Editing a schema without bumping its version, or evolving it
/// incompatibly with any earlier version, fails here.
/// </summary>
public class SchemaApprovalTests
{
    public static TheoryData<string> Schemas() =>
        [.. Directory.GetFiles(RepoFiles.SchemasDir, "*.avsc").Select(p => Path.GetFileNameWithoutExtension(p)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Schemas))]
    public void CommittedSchema_IsTheApprovedCopyOfItsVersion(string name)
    {
        var current = RepoFiles.Avsc(name);
        var approvedPath = Path.Combine(RepoFiles.ApprovedDir, $"{name}.v{EmbeddedSchemas.Version(current)}.avsc");

        Assert.True(File.Exists(approvedPath), $"Bump done? Copy schemas/{name}.avsc to {approvedPath} once reviewed.");
        var approved = JsonNode.Parse(File.ReadAllText(approvedPath));
        var committed = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoFiles.SchemasDir, name + ".avsc")));
        Assert.True(JsonNode.DeepEquals(approved, committed), $"schemas/{name}.avsc differs from its approved copy: bump \"version\" and approve the new one.");
    }

    [Theory]
    [MemberData(nameof(Schemas))]
    public void CommittedSchema_IsCompatibleWithEveryApprovedVersion(string name)
    {
        var current = RepoFiles.Avsc(name);
        var approved = Directory.GetFiles(RepoFiles.ApprovedDir, name + ".v*.avsc");

        Assert.NotEmpty(approved);
        foreach (var path in approved)
        {
            var older = (RecordSchema)Schema.Parse(File.ReadAllText(path));
            Assert.Empty(SchemaCompatibility.Problems(older, current));
        }
    }

    [Fact]
    public void CompatibilityCheck_CatchesAFieldAddedWithoutDefaultAndAReorderedEnum()
    {
        var older = (RecordSchema)Schema.Parse("""
            {"type":"record","name":"R","fields":[{"name":"a","type":"long"},{"name":"e","type":{"type":"enum","name":"E","symbols":["X","Y"]}}]}
            """);
        var newer = (RecordSchema)Schema.Parse("""
            {"type":"record","name":"R","fields":[{"name":"a","type":"long"},{"name":"b","type":"string"},{"name":"e","type":{"type":"enum","name":"E","symbols":["Y","X"]}}]}
            """);
        var compatible = (RecordSchema)Schema.Parse("""
            {"type":"record","name":"R","fields":[{"name":"a","type":"long"},{"name":"b","type":"string","default":""},{"name":"e","type":{"type":"enum","name":"E","symbols":["X","Y","Z"]}}]}
            """);

        var problems = SchemaCompatibility.Problems(older, newer);

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains("R.b: added without a default", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("enum symbols", StringComparison.Ordinal));
        Assert.Empty(SchemaCompatibility.Problems(older, compatible));
    }

    [Theory]
    [MemberData(nameof(Schemas))]
    public void EmbeddedSchema_IsTheCommittedFile(string name) =>
        Assert.Equal(File.ReadAllText(Path.Combine(RepoFiles.SchemasDir, name + ".avsc")), EmbeddedSchemas.Text(name));
}
