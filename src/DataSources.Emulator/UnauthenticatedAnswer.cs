namespace DataSources.Emulator;

/// <summary>What a data-source request without a valid token gets.</summary>
internal enum UnauthenticatedAnswer
{
    Unauthorized,

    /// <summary>302 to the Keycloak login page, as oauth2-proxy answers.</summary>
    Redirect,

    /// <summary>200 with the HTML login page, as a client that followed the redirect sees it.</summary>
    LoginPage,
}
