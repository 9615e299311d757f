using DataSources.Emulator;

namespace DataSources.Client.Tests;

/// <summary>
/// The net10.0 leg: each test gets a new emulator in this process, on real Kestrel and a loopback
/// port, so stats, faults and the store never leak between tests.
/// </summary>
public static class EmulatorHost
{
    public static async Task<EmulatorLease> AcquireAsync(string[] args)
    {
        var server = await EmulatorServer.StartAsync(args);
        return new EmulatorLease(server.BaseUri, async () => await server.DisposeAsync());
    }
}
