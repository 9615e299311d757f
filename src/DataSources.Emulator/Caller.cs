namespace DataSources.Emulator;

/// <summary>Who sent a request, as the bearer token says: the user's name, uuid and roles.</summary>
internal sealed record Caller(string UserName, string UserId, IReadOnlyList<string> Roles)
{
    public bool MayWrite => Emulator.Roles.MayWrite(Roles);
}
