namespace DataSources.Emulator;

/// <summary>A user who may log in; <see cref="Id"/> is the Keycloak-style uuid a source's <c>userId</c> names, new for each run.</summary>
internal sealed record EmulatorUser(string Name, string Password, string Role)
{
    public string Id { get; } = Guid.NewGuid().ToString();

    public string Email => $"{Name}@example.com";
}
