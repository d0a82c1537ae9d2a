using System.Diagnostics;
using System.Text.Json;
using StreamDrift.Core.Samples;
using StreamDrift.Kafka.Sink;

namespace StreamDrift.Kafka.Tests;

public class ConsumerExampleTests
{
    [Fact]
    public async Task ConsumerExample_PrintsEachRecordAsJson_DecodingWithOnlyTheAvscFiles()
    {
        await using var kafka = EmbeddedKafka.Start();
        var options = new KafkaSinkOptions { BootstrapServers = kafka.BootstrapServers, ObservationsTopic = "ex.obs", AlertsTopic = "ex.alerts", DeadLetterTopic = "ex.dead" };
        await using (var sink = new KafkaDriftSink(options, TimeProvider.System))
        {
            await sink.PublishObservationAsync(TestData.Window("store-x", 0));
            await sink.PublishAlertAsync(TestData.Alert("store-x"));
            new KafkaDeadLetterSink(sink).Reject(new RejectedInput("file", RejectionReason.MalformedJson, "bad", "{oops"u8.ToArray(), TestData.T0, "store-x"));
            await sink.FlushAsync();
        }
        // The example gets a copy of the .avsc files only: nothing of StreamDrift's assemblies.
        var schemas = Directory.CreateTempSubdirectory("avsc-");
        foreach (var file in Directory.GetFiles(RepoFiles.SchemasDir, "*.avsc"))
        {
            File.Copy(file, Path.Combine(schemas.FullName, Path.GetFileName(file)));
        }

        var lines = await RunAsync("--bootstrap", kafka.BootstrapServers, "--topic", "ex.obs", "--topic", "ex.alerts", "--topic", "ex.dead",
            "--schemas", schemas.FullName, "--max", "3", "--timeout", "60");
        schemas.Delete(recursive: true);

        var records = lines.Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(r => r.GetProperty("topic").GetString()!);
        var observation = records["ex.obs"];
        Assert.Equal("io.streamdrift.DriftObservation", observation.GetProperty("schema").GetString());
        Assert.Equal("store-x", observation.GetProperty("key").GetString());
        Assert.Equal(6400, observation.GetProperty("value").GetProperty("sessionKeys").GetDouble());
        Assert.Equal("ALERTING", observation.GetProperty("value").GetProperty("state").GetString());
        Assert.Equal("2026-11-22T12:01:00.0000000Z", observation.GetProperty("value").GetProperty("windowEnd").GetString());
        Assert.Equal(2950, observation.GetProperty("value").GetProperty("events").GetProperty("evicted").GetInt64());
        var alert = records["ex.alerts"].GetProperty("value");
        Assert.Equal("OPENED", alert.GetProperty("transition").GetString());
        Assert.Equal(0.99, alert.GetProperty("evidence").GetProperty("memory_used_ratio").GetDouble());
        Assert.Equal(2, alert.GetProperty("mitigations").GetArrayLength());
        Assert.Equal("{oops", records["ex.dead"].GetProperty("raw").GetString());
        Assert.Equal("MALFORMED_JSON", records["ex.dead"].GetProperty("headers").GetProperty(KafkaDeadLetterSink.ReasonHeader).GetString());
    }

    private static async Task<string[]> RunAsync(params string[] args)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var dll = Path.Combine(RepoFiles.Root, "tools", "StreamDrift.ConsumerExample", "bin", configuration, "net10.0", "StreamDrift.ConsumerExample.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        Assert.True(process.ExitCode == 0, await stderr);
        return (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
