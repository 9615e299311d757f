using System.Diagnostics;
using System.Text.Json;
using DataSources.Bench.Floor;

// Usage: DataSources.Bench.Floor list|update|create|fetch --uri URI [--input FILE] [--throttle N]
// Logs in first, then times the scenario alone and prints one JSON line: {"objects":N,"seconds":S,...}.
if (args.Length < 1)
{
    Console.Error.WriteLine("Usage: DataSources.Bench.Floor list|update|create|fetch --uri URI [--input FILE] [--throttle N]");
    return 2;
}

string scenario = args[0];
var named = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
for (int i = 1; i + 1 < args.Length; i += 2) named[args[i].TrimStart('-')] = args[i + 1];

using var wire = new WireClient(new Uri(named["uri"]));
await wire.LoginAsync("admin", "admin");
var scenarios = new FloorScenarios(wire);
string[] input = named.TryGetValue("input", out string? path) ? File.ReadAllLines(path) : [];
int throttle = named.TryGetValue("throttle", out string? t) ? int.Parse(t) : 1;

// The same counters as the PowerShell variants (bench/Measure-Pipeline.ps1), to compare where time goes.
var process = Process.GetCurrentProcess();
TimeSpan cpu = process.TotalProcessorTime;
TimeSpan jit = System.Runtime.JitInfo.GetCompilationTime();
long allocated = GC.GetTotalAllocatedBytes();
int collections = GC.CollectionCount(0);
var clock = Stopwatch.StartNew();
long objects = scenario switch
{
    "list" => await scenarios.ListAsync(),
    "update" => await scenarios.UpdateAsync(throttle),
    "create" => await scenarios.CreateAsync(input),
    "fetch" => await scenarios.FetchAsync(input),
    _ => throw new ArgumentException($"Unknown scenario '{scenario}'."),
};
clock.Stop();
process.Refresh();

Console.WriteLine(JsonSerializer.Serialize(new
{
    objects,
    seconds = clock.Elapsed.TotalSeconds,
    cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds,
    jitSeconds = (System.Runtime.JitInfo.GetCompilationTime() - jit).TotalSeconds,
    allocatedBytes = GC.GetTotalAllocatedBytes() - allocated,
    collections = GC.CollectionCount(0) - collections,
}));
return 0;
