using DataSources.Emulator;

const string usage = """
    Usage: DataSources.Emulator [--urls URLS] [--user NAME:PASSWORD[:ROLE]]... [--token-lifetime SECONDS]
                                [--seed FILE] [--seed-count N]
    """;

EmulatorOptions options;
try
{
    options = EmulatorOptions.Parse(args, EmulatorOptions.DefaultCommandLineUrls);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    Console.Error.WriteLine(usage);
    return 2;
}

EmulatorServer server;
try
{
    server = await EmulatorServer.StartAsync(options);
}
catch (Exception error) when (error is IOException or InvalidDataException or System.Text.Json.JsonException)
{
    Console.Error.WriteLine($"The emulator could not start: {error.Message}");
    return 1;
}

await using (server)
{
    Console.WriteLine($"Emulator listening on {server.BaseUri.ToString().TrimEnd('/')}");
    await server.WaitForShutdownAsync();
}
return 0;
