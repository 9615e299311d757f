namespace DataSources.Emulator;

/// <summary>Whether Keycloak's token endpoint is reachable ([field]: some instances expose only one of the two logins).</summary>
internal enum KeycloakRouteMode
{
    Served,
    Absent,
}
