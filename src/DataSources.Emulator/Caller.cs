namespace DataSources.Emulator;

/// <summary>Who sent a request, as the bearer token says.</summary>
internal sealed record Caller(string UserName, IReadOnlyList<string> Roles)
{
    public bool MayWrite => Emulator.Roles.MayWrite(Roles);
}
