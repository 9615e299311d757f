namespace DataSources.Emulator;

internal static class Roles
{
    public const string Admin = "Admin";
    public const string DataSteward = "Data_Steward";
    public const string BusinessUser = "Business_User";

    public static bool MayWrite(IEnumerable<string> roles) =>
        roles.Any(r => r is Admin or DataSteward);
}
