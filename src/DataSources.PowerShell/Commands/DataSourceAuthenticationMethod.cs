namespace DataSources;

/// <summary>How a <see cref="DataSourceConnection"/> proves who the user is.</summary>
public enum DataSourceAuthenticationMethod
{
    /// <summary>User name and password: the module logs in, and logs in again before the token expires.</summary>
    Credential,

    /// <summary>A token obtained elsewhere, used until it expires.</summary>
    Token,
}
