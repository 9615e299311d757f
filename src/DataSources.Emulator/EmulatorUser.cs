namespace DataSources.Emulator;

internal sealed record EmulatorUser(string Name, string Password, string Role);
