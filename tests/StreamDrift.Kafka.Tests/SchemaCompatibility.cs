using Avro;

namespace StreamDrift.Kafka.Tests;

/// <summary>
/// The evolution rules of DESIGN.md, checked both ways between two versions of a record schema:
/// a field added must have a default (new readers, old data), a field removed must have had one (old
/// readers, new data), a field keeps its type family, enum symbols are only appended.
/// </summary>
internal static class SchemaCompatibility
{
    public static IReadOnlyList<string> Problems(RecordSchema older, RecordSchema newer)
    {
        var problems = new List<string>();
        Compare(older, newer, newer.Fullname, problems);
        return problems;
    }

    private static void Compare(Schema older, Schema newer, string path, List<string> problems)
    {
        if (older.Tag != newer.Tag)
        {
            problems.Add($"{path}: type changed from {older.Tag} to {newer.Tag}");
            return;
        }
        switch (older, newer)
        {
            case (RecordSchema o, RecordSchema n):
                foreach (var field in n.Fields.Where(f => !o.Contains(f.Name) && f.DefaultValue is null))
                {
                    problems.Add($"{path}.{field.Name}: added without a default");
                }
                foreach (var field in o.Fields.Where(f => !n.Contains(f.Name) && f.DefaultValue is null))
                {
                    problems.Add($"{path}.{field.Name}: removed but had no default");
                }
                foreach (var field in n.Fields.Where(f => o.Contains(f.Name)))
                {
                    Compare(o[field.Name].Schema, field.Schema, $"{path}.{field.Name}", problems);
                }
                break;
            case (EnumSchema o, EnumSchema n):
                var kept = o.Symbols.Zip(n.Symbols).All(p => p.First == p.Second);
                if (!kept || n.Symbols.Count < o.Symbols.Count)
                {
                    problems.Add($"{path}: enum symbols may only be appended");
                }
                break;
            case (UnionSchema o, UnionSchema n):
                if (o.Count != n.Count)
                {
                    problems.Add($"{path}: union branches changed");
                    return;
                }
                for (var i = 0; i < o.Count; i++)
                {
                    Compare(o[i], n[i], path + "|" + i, problems);
                }
                break;
            case (ArraySchema o, ArraySchema n):
                Compare(o.ItemSchema, n.ItemSchema, path + "[]", problems);
                break;
            case (MapSchema o, MapSchema n):
                Compare(o.ValueSchema, n.ValueSchema, path + "{}", problems);
                break;
        }
    }
}
