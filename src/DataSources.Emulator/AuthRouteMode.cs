namespace DataSources.Emulator;

/// <summary>How <c>/api/public/{v}/auth</c> behaves.</summary>
internal enum AuthRouteMode
{
    Served,

    /// <summary>404, as an unknown route: the instance exposes only Keycloak.</summary>
    Absent,

    /// <summary>200 <c>{"message":"OK","data":{}}</c> for good credentials: a wrapper that lost the token.</summary>
    NoToken,
}
