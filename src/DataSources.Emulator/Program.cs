using DataSources.Emulator;

EmulatorOptions options;
try
{
    options = EmulatorOptions.Parse(args, EmulatorOptions.DefaultCommandLineUrls);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    Console.Error.WriteLine(EmulatorOptions.Usage);
    return 2;
}

if (options.ShowHelp)
{
    Console.WriteLine(EmulatorOptions.Usage);
    return 0;
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
