using System.Runtime.InteropServices;

namespace StreamDrift.Kafka.Native;

/// <summary>
/// Loads librdkafka once, before any Confluent.Kafka client exists. On Linux the package's default
/// <c>librdkafka.so</c> needs <c>libsasl2.so.3</c>, which Debian does not ship; the package's
/// <c>centos8-librdkafka.so</c> is self-contained, so that build is the one loaded. The same file's
/// handle serves the embedded broker's mock-cluster exports, so both talk to one library instance.
/// </summary>
public static class KafkaNativeLibrary
{
    /// <summary>Environment variable that overrides the library path.</summary>
    public const string PathVariable = "STREAMDRIFT_LIBRDKAFKA";

    private const string LinuxBuild = "centos8-librdkafka.so";
    private static readonly Lock Gate = new();
    private static string? _loadedPath;
    private static IntPtr _handle;

    /// <summary>The path loaded, or null when the platform's default build is used (not Linux).</summary>
    public static string? LoadedPath
    {
        get
        {
            EnsureLoaded();
            return _loadedPath;
        }
    }

    /// <summary>Loads the library if not done yet; safe to call from anywhere, any number of times.</summary>
    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (_loadedPath is not null || !OperatingSystem.IsLinux())
            {
                return;
            }
            var path = Find() ?? throw new DllNotFoundException(
                $"{LinuxBuild} not found next to the application (runtimes/<rid>/native), in the NuGet package folder, or in ${PathVariable}.");
            _handle = NativeLibrary.Load(path);
            // Confluent.Kafka dlopens a user-specified path through P/Invoke into "libdl", which only
            // exists as libdl.so.2 without the libc dev package; resolve it (and librdkafka) ourselves.
            NativeLibrary.SetDllImportResolver(typeof(Confluent.Kafka.Library).Assembly, Resolve);
            if (!Confluent.Kafka.Library.IsLoaded)
            {
                Confluent.Kafka.Library.Load(path);
            }
            _loadedPath = path;
        }
    }

    /// <summary>The native handle of the loaded library, for the mock-cluster exports.</summary>
    internal static IntPtr Handle
    {
        get
        {
            EnsureLoaded();
            return _handle != IntPtr.Zero ? _handle : throw new PlatformNotSupportedException("The embedded Kafka needs Linux.");
        }
    }

    private static IntPtr Resolve(string name, System.Reflection.Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name == "libdl" && NativeLibrary.TryLoad("libdl.so.2", out var libdl))
        {
            return libdl;
        }
        return name.Contains("librdkafka", StringComparison.Ordinal) ? _handle : IntPtr.Zero;
    }

    private static string? Find()
    {
        var configured = Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? configured : throw new DllNotFoundException($"${PathVariable} points to a missing file: {configured}");
        }
        var rid = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";
        var candidates = new List<string>
        {
            Path.Combine(AppContext.BaseDirectory, "runtimes", rid, "native", LinuxBuild),
            Path.Combine(AppContext.BaseDirectory, LinuxBuild),
        };
        // A framework-dependent build run from the repository (dotnet run) may not copy runtimes/: fall
        // back to the restored package, the version matching the Confluent.Kafka assembly first.
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var redist = Path.Combine(packages, "librdkafka.redist");
        var version = typeof(Confluent.Kafka.Library).Assembly.GetName().Version;
        if (version is not null)
        {
            candidates.Add(Path.Combine(redist, $"{version.Major}.{version.Minor}.{version.Build}", "runtimes", rid, "native", LinuxBuild));
        }
        if (Directory.Exists(redist))
        {
            foreach (var dir in Directory.GetDirectories(redist).OrderDescending(StringComparer.Ordinal))
            {
                candidates.Add(Path.Combine(dir, "runtimes", rid, "native", LinuxBuild));
            }
        }
        return candidates.FirstOrDefault(File.Exists);
    }
}
