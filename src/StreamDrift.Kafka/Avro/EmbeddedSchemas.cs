using System.Globalization;
using Avro;

namespace StreamDrift.Kafka.Avro;

/// <summary>
/// The Avro contracts compiled into this assembly from <c>schemas/*.avsc</c>, so the running code and
/// the committed files can never disagree. Each schema carries a <c>version</c> property, bumped on
/// every (compatible) change and sent as a header next to the fingerprint.
/// </summary>
public static class EmbeddedSchemas
{
    /// <summary>schemas/drift_observation.avsc.</summary>
    public static RecordSchema DriftObservation { get; } = Load("drift_observation");

    /// <summary>schemas/drift_alert.avsc.</summary>
    public static RecordSchema DriftAlert { get; } = Load("drift_alert");

    /// <summary>schemas/active_users_sample.avsc.</summary>
    public static RecordSchema ActiveUsersSample { get; } = Load("active_users_sample");

    /// <summary>The raw text of an embedded schema, by file name without extension.</summary>
    public static string Text(string name)
    {
        var resource = $"schemas.{name}.avsc";
        using var stream = typeof(EmbeddedSchemas).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Schema resource {resource} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The schema's <c>version</c> property (1 when absent).</summary>
    public static int Version(Schema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var raw = schema.GetProperty("version");
        return raw is null ? 1 : int.Parse(raw.Trim('"'), CultureInfo.InvariantCulture);
    }

    private static RecordSchema Load(string name) =>
        Schema.Parse(Text(name)) as RecordSchema ?? throw new InvalidOperationException($"{name}.avsc is not a record schema.");
}
