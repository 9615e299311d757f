using System.Collections.Concurrent;
using System.Net.Http;
using System.Reflection;

namespace DataSources.Client.Tests;

/// <summary>
/// The .NET Framework leg: the emulator is net10.0 and cannot load into this runtime, so it runs
/// as child processes of the built emulator. Starting one costs about a second, so a test borrows
/// an idle one started with the same arguments and the emulator's control routes set it back to
/// what a new one holds (the store seeded as its arguments say, the behaviour of its command line,
/// no faults, no stats).
/// </summary>
public static class EmulatorHost
{
    private static readonly ConcurrentDictionary<string, ConcurrentBag<EmulatorProcess>> Idle = new();
    private static readonly ConcurrentQueue<EmulatorProcess> Started = new();

    static EmulatorHost()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAll();
        AppDomain.CurrentDomain.DomainUnload += (_, _) => StopAll();
    }

    public static async Task<EmulatorLease> AcquireAsync(string[] args)
    {
        var idle = Idle.GetOrAdd(string.Join("\n", args), _ => new ConcurrentBag<EmulatorProcess>());
        EmulatorProcess? emulator;
        while (idle.TryTake(out emulator) && emulator.HasExited)
        {
        }

        if (emulator is null)
        {
            emulator = await EmulatorProcess.StartAsync(EmulatorAssemblyPath(), args);
            Started.Enqueue(emulator);
        }

        await emulator.ResetAsync(SeedCountOf(args));
        return new EmulatorLease(emulator.BaseUri, () =>
        {
            idle.Add(emulator);
            return Task.CompletedTask;
        });
    }

    private static int SeedCountOf(string[] args)
    {
        var at = Array.IndexOf(args, "--seed-count");
        return at >= 0 ? int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    // src/DataSources.Emulator/bin/<this build's configuration>/net10.0/, found from where this assembly runs.
    private static string EmulatorAssemblyPath()
    {
        var assembly = typeof(EmulatorHost).Assembly;
        var configuration = assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        for (var folder = new DirectoryInfo(Path.GetDirectoryName(assembly.Location)!); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "DataSources.sln")))
            {
                var dll = Path.Combine(folder.FullName, "src", "DataSources.Emulator", "bin", configuration, "net10.0", "DataSources.Emulator.dll");
                return File.Exists(dll) ? dll : throw new FileNotFoundException($"The emulator is not built: {dll}. Build the solution first.", dll);
            }
        }

        throw new DirectoryNotFoundException($"No DataSources.sln above {assembly.Location}.");
    }

    private static void StopAll()
    {
        while (Started.TryDequeue(out var emulator)) emulator.Dispose();
    }
}
