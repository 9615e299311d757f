namespace DataSources.Emulator;

internal static class Roles
{
    public const string Admin = "Admin";
    public const string DataSteward = "Data_Steward";

    /// <summary>Only these roles create and patch; Business_User, like any other role, may only read.</summary>
    public static bool MayWrite(IEnumerable<string> roles) =>
        roles.Any(r => r is Admin or DataSteward);
}
