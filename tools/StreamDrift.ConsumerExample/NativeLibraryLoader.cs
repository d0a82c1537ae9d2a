using System.Runtime.InteropServices;

namespace StreamDrift.ConsumerExample;

/// <summary>
/// On Debian the package's default librdkafka.so needs libsasl2.so.3; its centos8 build loads.
/// Confluent.Kafka dlopens a chosen path through "libdl", which exists only as libdl.so.2 there.
/// (Deliberately a copy of StreamDrift.Kafka's loader: this example references nothing of StreamDrift.)
/// </summary>
internal static class NativeLibraryLoader
{
    public static void Load()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        var rid = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";
        var path = Path.Combine(AppContext.BaseDirectory, "runtimes", rid, "native", "centos8-librdkafka.so");
        if (!File.Exists(path))
        {
            return;
        }
        // Its P/Invokes name "librdkafka": they must bind to the build chosen here, not the default one.
        var handle = NativeLibrary.Load(path);
        NativeLibrary.SetDllImportResolver(typeof(Confluent.Kafka.Library).Assembly, (name, _, _) => name switch
        {
            "libdl" => NativeLibrary.TryLoad("libdl.so.2", out var libdl) ? libdl : IntPtr.Zero,
            _ when name.Contains("librdkafka", StringComparison.Ordinal) => handle,
            _ => IntPtr.Zero,
        });
        Confluent.Kafka.Library.Load(path);
    }
}
